// Pure mapping between hash routes, filter state and API query strings,
// and whether a Launch matches the filters (the same rules as the API's LaunchFilter).

import { FORECAST_STATES } from './format.js';

export const PAGE_SIZE = 50;

/** '#/launch/a%2Fb?x=1' -> { path: ['launch', 'a/b'], query: URLSearchParams }. */
export function parseHash(hash) {
  let h = String(hash || '');
  if (h.startsWith('#')) h = h.slice(1);
  if (!h.startsWith('/')) h = '/' + h;
  const q = h.indexOf('?');
  const pathPart = q < 0 ? h : h.slice(0, q);
  const queryPart = q < 0 ? '' : h.slice(q + 1);
  const path = pathPart.split('/').filter((s) => s !== '').map(safeDecode);
  return { path, query: new URLSearchParams(queryPart) };
}

function safeDecode(s) {
  try { return decodeURIComponent(s); } catch { return s; }
}

/** Which view a hash names; unknown hashes fall back to the launches view. */
export function routeOf(hash) {
  const { path, query } = parseHash(hash);
  const [head, ...rest] = path;
  const id = rest.length ? rest.join('/') : null;
  switch (head) {
    case 'launch': if (id) return { view: 'launch', id, query }; break;
    case 'milestone': if (id) return { view: 'milestone', id, query }; break;
    case 'team': if (id) return { view: 'team', id, query }; break;
    case 'teams': return { view: 'teams', query };
    case 'changes': return { view: 'changes', query };
    case 'launches': return { view: 'launches', query };
    default: break;
  }
  return { view: 'launches', query };
}

export function launchHref(id) { return `#/launch/${encodeURIComponent(id)}`; }
export function milestoneHref(id) { return `#/milestone/${encodeURIComponent(id)}`; }
export function teamHref(id) { return `#/team/${encodeURIComponent(id)}`; }

/** The empty filter state. */
export function emptyFilters() {
  return { team: '', labels: [], blocked: '', forecast: [], sort: '', page: 1 };
}

/** Filter state from the query part of '#/launches?...'. Invalid values are dropped, not thrown. */
export function filtersFromQuery(query) {
  const q = query instanceof URLSearchParams ? query : new URLSearchParams(query || '');
  const f = emptyFilters();
  f.team = (q.get('team') || '').trim();
  f.labels = q.getAll('label').map((s) => s.trim()).filter(isLabel);
  const b = q.get('blocked');
  f.blocked = b === 'true' || b === 'false' ? b : '';
  f.forecast = [...new Set(q.getAll('forecast').flatMap(splitList).map((s) => s.trim().toUpperCase()))]
    .filter((s) => FORECAST_STATES.includes(s));
  f.forecast.sort((a, b2) => FORECAST_STATES.indexOf(a) - FORECAST_STATES.indexOf(b2));
  const sort = q.get('sort');
  f.sort = sort === 'slip' || sort === 'due' ? sort : '';
  const page = parseInt(q.get('page') || '1', 10);
  f.page = Number.isFinite(page) && page > 0 ? page : 1;
  return f;
}

function splitList(s) { return String(s).split(','); }

/** A label filter is key:value with a non-empty key (the API refuses anything else). */
export function isLabel(s) {
  const i = String(s).indexOf(':');
  return i > 0;
}

function filterParams(f) {
  const p = new URLSearchParams();
  if (f.team) p.set('team', f.team);
  for (const l of f.labels || []) p.append('label', l);
  if (f.blocked === 'true' || f.blocked === 'false') p.set('blocked', f.blocked);
  if (f.forecast && f.forecast.length) p.set('forecast', f.forecast.join(','));
  return p;
}

/** '#/launches?team=...&page=2', defaults left out. */
export function filtersToHash(f) {
  const p = filterParams(f);
  if (f.sort) p.set('sort', f.sort);
  if (f.page && f.page > 1) p.set('page', String(f.page));
  const s = p.toString();
  return s ? `#/launches?${s}` : '#/launches';
}

/** '/launches?...&offset=50&limit=50' for the page the filters name. */
export function filtersToApi(f, limit = PAGE_SIZE) {
  const p = filterParams(f);
  if (f.sort) p.set('sort', f.sort);
  p.set('offset', String(((f.page || 1) - 1) * limit));
  p.set('limit', String(limit));
  return `/launches?${p.toString()}`;
}

/** '/launches?...&limit=0': only total and counts for the same filters. */
export function countsApi(f) {
  const p = filterParams(f);
  p.set('limit', '0');
  return `/launches?${p.toString()}`;
}

/**
 * The live stream's URL; with the id of the last event seen, the server resumes after it (a new
 * EventSource cannot send Last-Event-ID itself, so it goes in the query).
 */
export function streamUrl(lastEventId) {
  return lastEventId ? `/changes/stream?from=${encodeURIComponent(lastEventId)}` : '/changes/stream';
}

/** Labels as {key: value}; a later label with the same key wins, as in the API. */
export function labelMap(labels) {
  const m = {};
  for (const l of labels || []) {
    const i = l.indexOf(':');
    if (i > 0) m[l.slice(0, i)] = l.slice(i + 1);
  }
  return m;
}

/** Does an open Launch answer pass the filters? (null/closed never does.) */
export function matchesFilters(launch, f) {
  if (!launch || launch.open === false) return false;
  if (f.team && launch.teamId !== f.team) return false;
  const want = labelMap(f.labels);
  const have = launch.labels || {};
  for (const k of Object.keys(want)) {
    if (have[k] !== want[k]) return false;
  }
  if (f.blocked === 'true' && !launch.blocked) return false;
  if (f.blocked === 'false' && launch.blocked) return false;
  if (f.forecast && f.forecast.length) {
    const s = launch.forecast?.state;
    if (!s || !f.forecast.includes(s)) return false;
  }
  return true;
}

/** Since values the changes view offers, and whether a typed one is acceptable. */
export const SINCE_CHOICES = ['1d', '7d', '14d', '30d'];
export function validSince(s) {
  const v = String(s || '').trim();
  return /^\d+[dh]$/.test(v) || /^\d{4}-\d{2}-\d{2}$/.test(v) || /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v);
}

/**
 * When an answer has no `counts`: one limit=0 URL per count, or null where the count is 0 by the
 * filters themselves (e.g. "late" while the forecast filter leaves LATE out).
 */
export function fallbackCountUrls(f) {
  const out = {};
  const blockedF = { ...f, blocked: f.blocked === 'false' ? 'false' : 'true' };
  out.blocked = f.blocked === 'false' ? null : countsApi(blockedF);
  const byState = { late: 'LATE', never: 'NEVER', unscheduled: 'UNSCHEDULED', onTime: 'ON_TIME' };
  for (const [k, s] of Object.entries(byState)) {
    out[k] = f.forecast && f.forecast.length && !f.forecast.includes(s) ? null : countsApi({ ...f, forecast: [s] });
  }
  return out;
}

/** The API's since: '7d' stays, a date '2026-10-01' becomes midnight UTC '2026-10-01T00:00:00Z'. */
export function sinceToApi(s) {
  const v = String(s || '').trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v;
}
