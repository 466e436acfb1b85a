// #/team/{id}: what the team blocks, through which milestones, most urgent first.

import { h, clear, joined } from '../dom.js';
import { api } from '../api.js';
import { formatNumber } from '../format.js';
import { filtersToHash, emptyFilters } from '../query.js';
import { launchLink, milestoneLink, simpleTable, loading, reloadedOnChange } from './common.js';

export async function render({ main, route, signal, setTitle, showError, isCurrent }) {
  const id = route.id;
  setTitle(`Team ${id}`);
  const body = h('div', null, loading());
  clear(main).append(h('h1', null, `Team ${id}`),
    h('p', null, h('a', { href: filtersToHash({ ...emptyFilters(), team: id }) }, `Launches owned by ${id}`),
      ' · ', h('a', { href: '#/teams' }, 'All teams')),
    body);

  async function load() {
    try {
      const data = await api(`/teams/${encodeURIComponent(id)}/blocking`, { signal });
      if (!isCurrent()) return;
      const launches = data.launches || [];
      body.replaceChildren(
        h('p', { class: 'lead' }, `${id} blocks ${formatNumber(data.count ?? launches.length)} open ${launches.length === 1 ? 'launch' : 'launches'} as a root cause.`),
        launches.length ? simpleTable(`Launches blocked by ${id}, most urgent first`,
          ['Launch', 'Status', 'Due', 'Through milestones'],
          launches.map((l) => h('tr', { dataset: { launchId: l.launchId } },
            h('th', { scope: 'row' }, launchLink(l.launchId), l.name ? h('span', { class: 'name' }, l.name) : null),
            h('td', null, l.status || '-'), h('td', null, l.dueDate || 'no date'),
            h('td', null, joined((l.milestoneIds || []).map((m) => milestoneLink(m)))))),
          { id: 'team-blocking-table' }) : h('p', null, 'Nothing: this team blocks no open launch.'));
    } catch (e) {
      body.replaceChildren();
      showError(e);
    }
  }
  return reloadedOnChange(load);
}
