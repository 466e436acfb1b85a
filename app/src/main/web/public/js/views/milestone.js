// #/milestone/{id}: state, forecast, dependencies and dependents (with "remove this edge"), slip/done what-if.

import { h, clear, append } from '../dom.js';
import { api, ApiError } from '../api.js';
import { forecastLong, normalizeForecast } from '../format.js';
import { debounce } from '../live.js';
import { launchLink, milestoneLink, teamLink, section, simpleTable, loading } from './common.js';
import { whatIfPanel } from './whatif.js';

function mentions(answer, id) {
  if (!answer) return false;
  if ((answer.directBlockers || []).some((b) => b.milestoneId === id)) return true;
  if ((answer.rootBlockers || []).some((r) => (r.path || []).includes(id))) return true;
  return (answer.forecast?.criticalPath || []).includes(id);
}

export async function render({ main, route, signal, setTitle, showError, clearError, isCurrent }) {
  const id = route.id;
  setTitle(`Milestone ${id}`);
  const h1 = h('h1', null, `Milestone ${id}`);
  const body = h('div', null, loading());
  const whatIf = whatIfPanel({ fixed: id, signal, showError, clearError });
  clear(main).append(h1, body, whatIf.element);

  function edgeTable(caption, list, dir) {
    if (!list.length) return h('p', null, 'None.');
    return simpleTable(caption, ['Milestone', 'Strength', 'Needed by', 'What if'],
      list.map((d) => h('tr', null,
        h('th', { scope: 'row' }, milestoneLink(d.milestoneId)),
        h('td', null, d.strength || '-'), h('td', null, d.neededBy || '-'),
        h('td', null, h('button', {
          type: 'button', class: 'remove-edge',
          'aria-label': dir === 'dep' ? `What if ${id} no longer needs ${d.milestoneId}` : `What if ${d.milestoneId} no longer needs ${id}`,
          onclick: () => (dir === 'dep' ? whatIf.removeEdge(id, d.milestoneId) : whatIf.removeEdge(d.milestoneId, id)),
        }, 'Remove this edge')))));
  }

  async function load() {
    try {
      const m = await api(`/milestones/${encodeURIComponent(id)}`, { signal });
      if (!isCurrent()) return;
      const f = normalizeForecast(m.forecast, m);
      const isLaunch = String(m.kind || '').toUpperCase() === 'LAUNCH';
      h1.textContent = `${isLaunch ? 'Launch milestone' : 'Milestone'} ${m.name || id}`;
      setTitle(`Milestone ${m.name || id}`);
      const deps = m.dependencies || [];
      const dependents = m.dependents || [];
      append(clear(body), [
        m.declared === false || m.exists === false
          ? h('p', { class: 'warning' }, h('strong', null, 'Warning: '),
            m.declared === false ? 'this milestone is referenced but was never declared.' : 'this milestone no longer exists.')
          : null,
        h('dl', { class: 'summary' },
          h('dt', null, 'Id'), h('dd', null, m.milestoneId || id),
          h('dt', null, 'Name'), h('dd', null, m.name || '-'),
          h('dt', null, 'Team'), h('dd', null, teamLink(m.teamId)),
          h('dt', null, 'Kind'), h('dd', null, m.kind || '-'),
          h('dt', null, 'Status'), h('dd', null, m.status || '-'),
          h('dt', null, 'Due'), h('dd', null, m.dueDate || 'no date'),
          h('dt', null, 'Forecast'), h('dd', { class: 'forecast' }, f ? forecastLong(f) : '-'),
          h('dt', null, 'Labels'), h('dd', null, Object.entries(m.labels || {}).map(([k, v]) => `${k}:${v}`).join(', ') || '-')),
        isLaunch ? h('p', null, 'This is a launch: ', launchLink(m.milestoneId || id, 'see its launch page')) : null,
        section('Dependencies (what it needs)', edgeTable(`${id} needs ${deps.length}`, deps, 'dep')),
        section('Dependents (what needs it)', edgeTable(`${dependents.length} need ${id}`, dependents, 'dependent'))]);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) body.replaceChildren(h('p', null, `There is no milestone "${id}".`));
      else body.replaceChildren();
      showError(e);
    }
  }

  await load();
  const reloadSoon = debounce(load, 300);
  return {
    onChange(change) { if (mentions(change.answer, id)) reloadSoon(); },
    onReset() { load(); },
    dispose() { reloadSoon.cancel(); },
  };
}
