// Pure: what a live change event does to the state of the views.

import { matchesFilters } from './query.js';

export const LOG_SIZE = 20;

/** The data of an SSE `change` event, or null when it is not a usable change. */
export function parseChange(data) {
  let v;
  try { v = typeof data === 'string' ? JSON.parse(data) : data; } catch { return null; }
  if (!v || typeof v !== 'object' || typeof v.launchId !== 'string') return null;
  return {
    launchId: v.launchId,
    teamId: v.teamId ?? null,
    labels: v.labels || {},
    kinds: Array.isArray(v.kinds) ? v.kinds : [],
    summary: typeof v.summary === 'string' ? v.summary : '',
    at: typeof v.at === 'string' ? v.at : null,
    answer: v.answer && typeof v.answer === 'object' ? v.answer : null,
  };
}

/**
 * Applies a change to the rows on screen.
 * @returns {rows, action: 'replace'|'remove'|'none', index}
 *   replace: the row keeps its place with the new answer; remove: the launch closed or no longer
 *   matches the filters; none: the launch is not on this page (only the counts may move).
 */
export function applyChange(rows, change, filters) {
  const index = rows.findIndex((r) => r.launchId === change.launchId);
  if (index < 0) return { rows, action: 'none', index: -1 };
  if (!change.answer || !matchesFilters(change.answer, filters)) {
    return { rows: rows.slice(0, index).concat(rows.slice(index + 1)), action: 'remove', index };
  }
  const next = rows.slice();
  next[index] = change.answer;
  return { rows: next, action: 'replace', index };
}

/** Does a change concern the launch page of `launchId`? */
export function concernsLaunch(change, launchId) {
  return !!change && change.launchId === launchId;
}

/** The recent-changes log: newest first, at most LOG_SIZE entries. */
export function pushLog(log, change, max = LOG_SIZE) {
  const entry = { launchId: change.launchId, summary: change.summary || change.kinds.join(', ') || 'changed', at: change.at, kinds: change.kinds };
  return [entry, ...log].slice(0, max);
}

/** Connection text for #live-state from EventSource readyState (0 connecting, 1 open, 2 closed). */
export function liveStateText(readyState, unavailable) {
  if (unavailable) return 'live: unavailable';
  if (readyState === 1) return 'live';
  if (readyState === 0) return 'reconnecting…';
  return 'live: unavailable';
}

/** A trailing debounce with injectable timers (for tests). */
export function debounce(fn, ms, timers = globalThis) {
  let handle = null;
  const run = (...args) => {
    if (handle != null) timers.clearTimeout(handle);
    handle = timers.setTimeout(() => { handle = null; fn(...args); }, ms);
  };
  run.cancel = () => { if (handle != null) timers.clearTimeout(handle); handle = null; };
  return run;
}
