// DOM pieces shared by the views: links, the launch row, tables, the what-if result.

import { h, joined } from '../dom.js';
import { forecastText, forecastLong, rootTeams, formatNumber } from '../format.js';
import { launchHref, milestoneHref, teamHref } from '../query.js';
import { debounce } from '../live.js';

export const launchLink = (id, text) => h('a', { href: launchHref(id) }, text ?? id);
export const milestoneLink = (id, text) => h('a', { href: milestoneHref(id) }, text ?? id);
export const teamLink = (id) => (id ? h('a', { href: teamHref(id) }, id) : h('span', { class: 'muted' }, 'no team'));

/** A link to the right page for an id that is a launch or a milestone (paths mix both). */
export function nodeLink(id, launchIds) {
  return launchIds?.has(id) ? launchLink(id) : milestoneLink(id);
}

export function forecastCell(f, cls = 'forecast') {
  const state = f?.state || 'UNKNOWN';
  return h('td', { class: cls, dataset: { state } }, forecastText(f));
}

/** One row of the launches table (also used for live replacement). */
export function launchRow(l) {
  const f = l.forecast;
  return h('tr', { dataset: { launchId: l.launchId } },
    h('th', { scope: 'row', class: 'launch' },
      launchLink(l.launchId), h('span', { class: 'name' }, l.name || '')),
    h('td', { class: 'team' }, teamLink(l.teamId)),
    h('td', { class: 'due' }, l.dueDate || 'no date'),
    forecastCell(f),
    h('td', { class: 'forecast-date' }, f?.date || '-'),
    h('td', { class: 'blocked', dataset: { blocked: String(!!l.blocked) } }, l.blocked ? 'blocked' : '-'),
    h('td', { class: 'blockers' }, (l.directBlockers || []).length
      ? joined((l.directBlockers || []).map((b) => milestoneLink(b.milestoneId)))
      : '-'),
    h('td', { class: 'root-teams' }, rootTeams(l).length ? joined(rootTeams(l).map(teamLink)) : '-'),
  );
}

export function launchTableHead() {
  return h('thead', null, h('tr', null,
    ['Launch', 'Team', 'Due', 'Forecast', 'Forecast date', 'Blocked', 'Direct blockers', 'Root-cause teams']
      .map((t) => h('th', { scope: 'col' }, t))));
}

export function section(title, ...children) {
  const id = `sec-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

export function simpleTable(caption, headers, rows, attrs = {}) {
  return h('table', attrs,
    h('caption', null, caption),
    h('thead', null, h('tr', null, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, rows));
}

const blockedText = (l) => (l == null ? 'closed' : l.blocked ? 'blocked' : 'not blocked');
const fcText = (l) => (l == null ? 'closed' : forecastLong(l.forecast));

/** Rows "launch | forecast before -> after | blocked before -> after | summary" for /changes and /what-if answers. */
export function changeRows(changed) {
  return changed.map((c) => {
    const l = c.after || c.before || {};
    return h('tr', { dataset: { launchId: c.launchId } },
      h('th', { scope: 'row' }, launchLink(c.launchId), l.name ? h('span', { class: 'name' }, l.name) : null),
      h('td', { class: 'forecast-change' }, `${fcText(c.before)} → ${fcText(c.after)}`),
      h('td', { class: 'blocked-change' }, `${blockedText(c.before)} → ${blockedText(c.after)}`),
      h('td', { class: 'summary' }, c.summary || ''));
  });
}

/** Fills the #what-if-result section with the answer of POST /what-if. */
export function renderWhatIf(container, answer, description) {
  const changed = Array.isArray(answer?.changed) ? answer.changed : [];
  const unchanged = answer?.unchanged ?? 0;
  container.replaceChildren(
    h('h3', null, `What if ${description}?`),
    h('p', { class: 'note' }, h('strong', null, 'Nothing was changed: '), 'this is a simulation; the plan is as it was.'),
    h('p', { class: 'what-if-summary', role: 'status' },
      `${formatNumber(changed.length)} ${changed.length === 1 ? 'launch moves' : 'launches move'}, ${formatNumber(unchanged)} unchanged`),
    changed.length
      ? simpleTable(`Launches that would change if ${description}`, ['Launch', 'Forecast before → after', 'Blocked before → after', 'Summary'],
        changeRows(changed), { class: 'what-if-table' })
      : h('p', null, 'No open launch would change.'),
  );
}

export function loading(text = 'loading…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/**
 * Loads a view, then again whenever a live change or a reset comes (at most once a second: a
 * burst of changes is one reload); its live handle for the router.
 */
export async function reloadedOnChange(load) {
  await load();
  const reloadSoon = debounce(load, 1000);
  return { onChange: () => reloadSoon(), onReset: load, dispose: () => reloadSoon.cancel() };
}
