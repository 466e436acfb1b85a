// #/launch/{id}: header, the blocking subgraph (cytoscape + dagre), the same as text, exports, what-if.

import { h, clear, labelled, joined } from '../dom.js';
import { api, ApiError } from '../api.js';
import { forecastLong, forecastExplained, neverReason, rootTeams } from '../format.js';
import { isBig, DEFAULT_DEPTH, pickableMilestones, nodeForecast } from '../graph-model.js';
import { concernsLaunch, debounce } from '../live.js';
import { launchLink, milestoneLink, teamLink, section, simpleTable, loading } from './common.js';
import { drawGraph, graphLibraryAvailable } from './graph-view.js';
import { whatIfPanel } from './whatif.js';

export async function render({ main, route, signal, setTitle, showError, clearError, isCurrent }) {
  const id = route.id;
  const enc = encodeURIComponent(id);
  setTitle(`Launch ${id}`);

  const h1 = h('h1', null, `Launch ${id}`);
  const header = h('div', { class: 'launch-header' }, loading());
  const graphBox = h('div', { id: 'graph', class: 'graph', role: 'img', 'aria-label': `Blocking graph of ${id}; the same information follows as text.`,
    dataset: { ready: 'false', nodeCount: '0' } });
  const details = h('div', { id: 'node-details', class: 'node-details', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Click a node for its details, or an edge to pick it for "remove this edge".'));
  const groupCb = h('input', { type: 'checkbox', id: 'group-by-team' });
  const collapseCb = h('input', { type: 'checkbox', id: 'collapse-teams' });
  const depthInput = h('input', { type: 'number', id: 'depth-limit', min: '1', max: '99', value: String(DEFAULT_DEPTH) });
  const bigControls = h('span', { class: 'big-controls', hidden: true },
    h('span', { class: 'check' }, ...labelled('Show depth ≤', depthInput)),
    h('span', { class: 'check' }, collapseCb, h('label', { for: 'collapse-teams' }, 'Collapse by team (one node per team)')));
  const fitBtn = h('button', { type: 'button', id: 'graph-fit' }, 'Fit');
  const graphNote = h('p', { class: 'graph-note', role: 'status' });
  const exports = h('p', { class: 'exports' }, 'Export the graph: ',
    joined(['dot', 'mermaid', 'graphml'].map((f) =>
      h('a', { href: `/launches/${enc}/graph?format=${f}`, download: `${id}.${f === 'mermaid' ? 'mmd' : f}` },
        { dot: 'DOT', mermaid: 'Mermaid', graphml: 'GraphML' }[f]))));
  const legend = h('p', { class: 'legend' },
    'Key: each node shows id, team, due date and "STATE: forecast". Borders: solid = on time or done, dashed = blocked or late, ',
    'double = never, dotted = unscheduled; thick border/edge and * = critical path; [cycle] and a dotted outline = in a dependency cycle; ',
    'the launch is the rounded box on the left, root blockers are on the right.');
  const textPart = h('div', { class: 'graph-text' }, loading());
  const whatIf = whatIfPanel({ signal, showError, clearError });

  const graphSection = section('Blocking graph',
      h('div', { class: 'graph-controls' },
        h('span', { class: 'check' }, groupCb, h('label', { for: 'group-by-team' }, 'Group by team')),
        bigControls, fitBtn),
      legend, graphNote, h('div', { class: 'graph-wrap' }, graphBox, details), exports);
  clear(main).append(h1, header, graphSection, whatIf.element, textPart);

  let launch = null;
  let graph = null;
  let cy = null;

  function opts() {
    const big = isBig(graph);
    const depth = parseInt(depthInput.value, 10);
    return {
      groupByTeam: groupCb.checked && !(big && collapseCb.checked),
      collapseTeams: big && collapseCb.checked,
      depthLimit: big && Number.isFinite(depth) && depth > 0 ? depth : null,
    };
  }

  function draw() {
    if (!graph) return;
    bigControls.hidden = !isBig(graph);
    if (!graphLibraryAvailable()) {
      graphNote.textContent = 'The graph library did not load; the graph is given as text below.';
      graphBox.dataset.nodeCount = '0';
      return;
    }
    const res = drawGraph(graphBox, graph, opts(), {
      existing: cy,
      onTapNode: (n) => showNode(n.data()),
      onTapEdge: (e) => showEdge(e.data()),
    });
    cy = res.cy;
    const o = opts();
    graphNote.textContent = `${res.model.nodeCount} ${o.collapseTeams ? 'nodes (teams)' : 'milestones'} drawn of ${graph.nodes.length}`
      + (res.model.hiddenNodes ? `; ${res.model.hiddenNodes} deeper than ${o.depthLimit} hidden` : '') + '.';
  }

  function showNode(d) {
    if (d.kind === 'group') return;
    if (d.kind === 'team') {
      details.replaceChildren(h('h3', null, `Team ${d.teamId}`), h('p', null, teamLink(d.teamId)),
        h('p', null, `${d.members.length} milestones: `, joined(d.members.map((m) => milestoneLink(m)))));
      return;
    }
    whatIf.selectMilestone(d.id);
    details.replaceChildren(
      h('h3', null, d.id === id ? launchLink(d.id) : milestoneLink(d.id)),
      h('dl', null,
        h('dt', null, 'Name'), h('dd', null, d.name || '-'),
        h('dt', null, 'Team'), h('dd', null, teamLink(d.teamId)),
        h('dt', null, 'Status'), h('dd', null, d.status || '-'),
        h('dt', null, 'Due'), h('dd', null, d.dueDate || 'no date'),
        h('dt', null, 'Forecast'), h('dd', null, d.forecast ? forecastLong(d.forecast) : '-'),
        h('dt', null, 'On the critical path'), h('dd', null, d.critical ? 'yes' : 'no'),
        h('dt', null, 'In a cycle'), h('dd', null, d.cycle ? 'yes' : 'no')),
      h('p', { class: 'muted' }, 'Picked for the what-if below.'));
  }

  function showEdge(d) {
    whatIf.selectEdge(d.source, d.target);
    details.replaceChildren(h('h3', null, 'Dependency'),
      h('p', null, milestoneLink(d.source), ' needs ', milestoneLink(d.target), d.neededBy ? ` by ${d.neededBy}` : ''),
      h('button', { type: 'button', onclick: () => whatIf.removeEdge(d.source, d.target) }, 'What if this edge is removed?'));
  }

  function renderHeader() {
    const f = launch.forecast;
    h1.textContent = launch.name || `Launch ${id}`;
    setTitle(launch.name || `Launch ${id}`);
    header.replaceChildren(h('dl', { class: 'summary' },
      h('dt', null, 'Id'), h('dd', null, launch.launchId),
      h('dt', null, 'Team'), h('dd', null, teamLink(launch.teamId)),
      h('dt', null, 'Status'), h('dd', null, launch.status || '-'),
      h('dt', null, 'Due'), h('dd', null, launch.dueDate || 'no date'),
      h('dt', null, 'Forecast'), h('dd', { class: 'forecast', dataset: { state: f?.state || 'UNKNOWN' } }, forecastLong(f)),
      h('dt', null, 'Blocked'), h('dd', { class: 'blocked' }, launch.blocked ? 'blocked' : 'not blocked'),
      h('dt', null, 'Labels'), h('dd', null, Object.entries(launch.labels || {}).map(([k, v]) => `${k}:${v}`).join(', ') || '-'),
      launch.open === false ? [h('dt', null, 'Open'), h('dd', null, 'no (closed)')] : null));
  }

  function renderText() {
    const f = launch.forecast || {};
    const launchIds = new Set([launch.launchId]);
    const link = (x) => (launchIds.has(x) ? launchLink(x) : milestoneLink(x));
    const parts = [];
    parts.push(section('Forecast explained',
      h('p', { class: 'explained' }, forecastExplained(launch)),
      f.neverBecause ? h('p', null, `Never because: ${f.neverBecause} (${neverReason(f.neverBecause)}).`) : null));
    const roots = launch.rootBlockers || [];
    parts.push(section('Root blockers',
      roots.length ? h('ul', { class: 'root-blockers' }, roots.map((r) => h('li', null,
        link(r.milestoneId), ` (${r.teamId || 'no team'}), ${r.reason || ''}${r.cycle ? ', in a cycle' : ''}; path: `,
        joined((r.path || []).map(link), ' → ')))) : h('p', null, 'None: nothing blocks this launch.'),
      rootTeams(launch).length ? h('p', null, 'Root-cause teams: ', joined(rootTeams(launch).map(teamLink))) : null));
    const direct = launch.directBlockers || [];
    parts.push(section('Direct blockers',
      direct.length ? h('ul', null, direct.map((b) => h('li', null, link(b.milestoneId), ` (${b.teamId || 'no team'}), ${b.reason || ''}`)))
        : h('p', null, 'None.')));
    const steps = Array.isArray(f.steps) ? f.steps : [];
    parts.push(section('Critical path',
      steps.length ? simpleTable('Critical path, from the launch to the milestone that decides its forecast',
        ['Milestone', 'Team', 'Status', 'Due', 'Forecast'],
        steps.map((s) => h('tr', null, h('th', { scope: 'row' }, link(s.milestoneId), s.name ? h('span', { class: 'name' }, s.name) : null),
          h('td', null, teamLink(s.teamId)), h('td', null, s.status || '-'), h('td', null, s.dueDate || 'no date'),
          h('td', { class: 'forecast' }, forecastLong(s.forecast)))), { class: 'critical-path' })
        : (f.criticalPath || []).length ? h('p', null, joined(f.criticalPath.map(link), ' → ')) : h('p', null, 'No critical path.')));
    const risk = launch.risk || [];
    parts.push(section('Risk: dependencies due after they are needed',
      risk.length ? simpleTable('Risky dependencies', ['Dependent', 'Needs', 'Strength', 'Needed by', 'Due'],
        risk.map((r) => h('tr', null, h('th', { scope: 'row' }, link(r.dependentId)), h('td', null, link(r.dependencyId)),
          h('td', null, r.strength || '-'), h('td', null, r.neededBy || '-'), h('td', null, r.dueDate || '-'))))
        : h('p', null, 'None.')));
    if (graph) {
      parts.push(section('Subgraph as a list',
        simpleTable(`${graph.nodes.length} milestones in the blocking subgraph`, ['Milestone', 'Team', 'Due', 'Forecast', 'Depth', 'Critical', 'Cycle', 'Needs'],
          [...graph.nodes].sort((a, b) => (a.depth ?? 0) - (b.depth ?? 0)).map((n) => h('tr', null,
            h('th', { scope: 'row' }, link(n.id)), h('td', null, teamLink(n.teamId)), h('td', null, n.dueDate || 'no date'),
            h('td', null, nodeForecast(n) ? forecastLong(nodeForecast(n)) : '-'), h('td', null, String(n.depth ?? '-')),
            h('td', null, n.critical ? 'critical' : '-'), h('td', null, n.cycle ? 'cycle' : '-'),
            h('td', null, joined(graph.edges.filter((e) => e.from === n.id).map((e) => link(e.to)))))),
          { class: 'subgraph' })));
    }
    textPart.replaceChildren(...parts);
  }

  async function load() {
    try {
      const [l, g] = await Promise.all([
        api(`/launches/${enc}`, { signal }),
        api(`/launches/${enc}/graph`, { signal }).catch((e) => { showError(e); return null; }),
      ]);
      if (!isCurrent()) return;
      launch = l;
      graph = g ? { ...g, nodes: g.nodes || [], edges: g.edges || [] } : null;
      renderHeader();
      if (graph) {
        whatIf.setMilestones(pickableMilestones(graph));
        whatIf.setEdges(graph.edges.map((e) => ({ dependentId: e.from, dependencyId: e.to })));
        draw();
      } else {
        whatIf.setMilestones([{ id: launch.launchId, teamId: launch.teamId }]);
      }
      renderText();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        header.replaceChildren(h('p', null, `There is no launch "${id}". `, h('a', { href: '#/launches' }, 'Back to the launches')));
        textPart.replaceChildren();
        graphSection.hidden = true;
        whatIf.element.hidden = true;
        graphBox.dataset.ready = 'true';
      }
      showError(e);
    }
  }

  groupCb.addEventListener('change', draw);
  collapseCb.addEventListener('change', draw);
  depthInput.addEventListener('change', draw);
  fitBtn.addEventListener('click', () => cy?.fit(undefined, 20));

  await load();
  const reloadSoon = debounce(load, 300);

  return {
    onChange(change) { if (concernsLaunch(change, id)) reloadSoon(); },
    onReset() { load(); },
    dispose() {
      reloadSoon.cancel();
      if (cy && !cy.destroyed()) cy.destroy();
      if (window.cy === cy) window.cy = undefined;
    },
  };
}
