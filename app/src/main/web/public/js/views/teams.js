// #/teams: teams ranked by launches blocked, or by slip caused (sort=slip).

import { h, clear } from '../dom.js';
import { api } from '../api.js';
import { formatNumber } from '../format.js';
import { teamLink, simpleTable, loading, reloadedOnChange } from './common.js';

export async function render({ main, route, signal, setTitle, showError, isCurrent }) {
  const bySlip = route.query.get('sort') === 'slip';
  setTitle('Teams');
  const toggle = h('nav', { class: 'toggle', 'aria-label': 'Rank teams by' }, 'Rank by: ',
    bySlip ? h('a', { href: '#/teams' }, 'launches blocked') : h('strong', { 'aria-current': 'true' }, 'launches blocked'),
    ' | ',
    bySlip ? h('strong', { 'aria-current': 'true' }, 'slip caused') : h('a', { href: '#/teams?sort=slip' }, 'slip caused'));
  const body = h('div', null, loading());
  clear(main).append(h('h1', null, 'Teams'), h('p', null, 'Which teams hold up the most open launches, as root causes.'), toggle, body);

  async function load() {
    try {
      const data = await api(bySlip ? '/teams?sort=slip' : '/teams', { signal });
      if (!isCurrent()) return;
      const teams = data.teams || [];
      body.replaceChildren(teams.length ? simpleTable(
        `${teams.length} teams ranked by ${bySlip ? 'days of slip caused' : 'open launches blocked'}`,
        ['Rank', 'Team', 'Launches blocked', 'Late launches', 'Slip caused (days)'],
        teams.map((t, i) => h('tr', { dataset: { teamId: t.teamId } },
          h('td', null, String(i + 1)), h('th', { scope: 'row' }, teamLink(t.teamId)),
          h('td', { class: 'num' }, formatNumber(t.count ?? 0)), h('td', { class: 'num' }, formatNumber(t.lateLaunches ?? 0)),
          h('td', { class: 'num' }, formatNumber(t.slipDays ?? 0)))),
        { id: 'teams-table' }) : h('p', null, 'No team blocks anything.'));
    } catch (e) {
      body.replaceChildren();
      showError(e);
    }
  }
  return reloadedOnChange(load);
}
