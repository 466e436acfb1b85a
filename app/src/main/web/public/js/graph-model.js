// Pure: the /launches/{id}/graph JSON -> cytoscape element definitions.
// Team grouping (compound parents), depth limit, collapse-by-team, critical/cycle classes.
// Ids are arbitrary strings: they are only ever used as data, never spliced into selectors or HTML.

import { normalizeForecast, forecastLong, stateOf } from './format.js';

export const BIG_GRAPH = 60;
export const DEFAULT_DEPTH = 4;

const STATE_WORD = {
  done: 'DONE', never: 'NEVER', late: 'LATE', blocked: 'BLOCKED', unscheduled: 'UNSCHEDULED', 'on-time': 'ON TIME',
};
const STATE_RANK = { never: 5, late: 4, blocked: 3, unscheduled: 2, 'on-time': 1, done: 0 };

/** A graph node's forecast in the {state,date,slipDays} shape, whichever shape the API used. */
export function nodeForecast(n) {
  return normalizeForecast(n.forecast, n);
}

/** Is the node still blocking (not done)? A node is "blocked" when it has an open dependency. */
function blockedIds(graph) {
  const byId = new Map((graph.nodes || []).map((n) => [n.id, n]));
  const blocked = new Set();
  for (const e of graph.edges || []) {
    const to = byId.get(e.to);
    if (to && String(to.status || '').toUpperCase() !== 'DONE') blocked.add(e.from);
  }
  return blocked;
}

/** Text cue of a node state, so the graph reads without colour. */
export function nodeLabel(n, state) {
  const f = nodeForecast(n);
  const lines = [String(n.id) + (n.cycle ? ' [cycle]' : '') + (n.critical ? ' *' : '')];
  lines.push(n.teamId ? String(n.teamId) : 'no team');
  lines.push(`due ${n.dueDate || 'none'}`);
  lines.push(`${STATE_WORD[state] || state}: ${f ? forecastLong(f) : 'no forecast'}`);
  return lines.join('\n');
}

function uniqueId(base, taken) {
  let id = base;
  let i = 1;
  while (taken.has(id)) id = `${base}~${i++}`;
  taken.add(id);
  return id;
}

/**
 * @param graph  {launchId, criticalPath, nodes[], edges[]}
 * @param opts   {groupByTeam: bool, depthLimit: number|null, collapseTeams: bool}
 * @returns {elements, nodeCount, hiddenNodes, parentCount, milestoneIds}
 */
export function toElements(graph, opts = {}) {
  const nodes = Array.isArray(graph?.nodes) ? graph.nodes : [];
  const edges = Array.isArray(graph?.edges) ? graph.edges : [];
  const launchId = graph?.launchId;
  const depthLimit = Number.isFinite(opts.depthLimit) ? opts.depthLimit : null;
  const blocked = blockedIds(graph || {});

  // 1. depth limit (the launch itself always stays)
  const kept = nodes.filter((n) => n.id === launchId || depthLimit == null || (n.depth ?? 0) <= depthLimit);
  const keptIds = new Set(kept.map((n) => n.id));
  const hiddenNodes = nodes.length - kept.length;
  const hiddenDeps = new Map();
  for (const e of edges) {
    if (keptIds.has(e.from) && !keptIds.has(e.to)) hiddenDeps.set(e.from, (hiddenDeps.get(e.from) || 0) + 1);
  }

  const taken = new Set(nodes.map((n) => String(n.id)));
  const elements = [];
  let nodeCount = 0;
  let parentCount = 0;

  const stateOfNode = (n) => stateOf(n.status, nodeForecast(n), blocked.has(n.id));

  if (opts.collapseTeams) {
    // 2a. one node per team; the launch stays its own node on the left.
    const groupOf = new Map();
    const groups = new Map();
    for (const n of kept) {
      if (n.id === launchId) { groupOf.set(n.id, n.id); continue; }
      const team = n.teamId || '(no team)';
      if (!groups.has(team)) groups.set(team, { id: uniqueId(`team:${team}`, taken), team, members: [] });
      const g = groups.get(team);
      g.members.push(n);
      groupOf.set(n.id, g.id);
    }
    const launch = kept.find((n) => n.id === launchId);
    if (launch) {
      const st = stateOfNode(launch);
      elements.push(nodeElement(launch, st, hiddenDeps.get(launch.id)));
      nodeCount++;
    }
    for (const g of groups.values()) {
      let worst = 'done';
      let critical = false;
      let cycle = false;
      let minDepth = Infinity;
      for (const m of g.members) {
        const st = stateOfNode(m);
        if (STATE_RANK[st] > STATE_RANK[worst]) worst = st;
        critical = critical || !!m.critical;
        cycle = cycle || !!m.cycle;
        minDepth = Math.min(minDepth, m.depth ?? 0);
      }
      const label = [`${g.team}${cycle ? ' [cycle]' : ''}${critical ? ' *' : ''}`,
        `${g.members.length} milestone${g.members.length === 1 ? '' : 's'}`,
        `worst: ${STATE_WORD[worst]}`].join('\n');
      elements.push({
        group: 'nodes',
        data: { id: g.id, label, teamId: g.team, kind: 'team', state: worst, members: g.members.map((m) => m.id), depth: minDepth },
        classes: classes(worst, critical, cycle, false, 'team-node'),
      });
      nodeCount++;
    }
    const seen = new Set();
    edges.forEach((e) => {
      if (!keptIds.has(e.from) || !keptIds.has(e.to)) return;
      const s = groupOf.get(e.from);
      const t = groupOf.get(e.to);
      if (!s || !t || s === t) return;
      const key = JSON.stringify([s, t]);
      if (seen.has(key)) {
        if (e.critical) {
          const existing = elements.find((x) => x.group === 'edges' && x.data.key === key);
          if (existing && !existing.classes.includes('critical')) existing.classes = `${existing.classes} critical`.trim();
        }
        return;
      }
      seen.add(key);
      elements.push({
        group: 'edges',
        data: { id: uniqueId(`edge:${seen.size}`, taken), source: s, target: t, key, neededBy: null, label: '' },
        classes: e.critical ? 'critical' : '',
      });
    });
    return { elements, nodeCount, hiddenNodes, parentCount, milestoneIds: kept.map((n) => n.id) };
  }

  // 2b. one node per milestone, optionally inside a parent per team.
  const parents = new Map();
  if (opts.groupByTeam) {
    for (const n of kept) {
      const team = n.teamId || '(no team)';
      if (!parents.has(team)) {
        const id = uniqueId(`group:${team}`, taken);
        parents.set(team, id);
        elements.push({ group: 'nodes', data: { id, label: team, teamId: team, kind: 'group' }, classes: 'team-group' });
        parentCount++;
      }
    }
  }
  for (const n of kept) {
    const el = nodeElement(n, stateOfNode(n), hiddenDeps.get(n.id));
    if (opts.groupByTeam) el.data.parent = parents.get(n.teamId || '(no team)');
    el.classes = `${el.classes}${n.id === launchId ? ' launch' : ''}`;
    elements.push(el);
    nodeCount++;
  }
  const cycleIds = new Set(kept.filter((n) => n.cycle).map((n) => n.id));
  edges.forEach((e, i) => {
    if (!keptIds.has(e.from) || !keptIds.has(e.to)) return;
    const cls = [];
    if (e.critical) cls.push('critical');
    if (cycleIds.has(e.from) && cycleIds.has(e.to)) cls.push('cycle');
    elements.push({
      group: 'edges',
      data: { id: uniqueId(`edge:${i}`, taken), source: e.from, target: e.to, neededBy: e.neededBy ?? null,
        label: e.neededBy ? `by ${e.neededBy}` : '' },
      classes: cls.join(' '),
    });
  });
  return { elements, nodeCount, hiddenNodes, parentCount, milestoneIds: kept.map((n) => n.id) };
}

function classes(state, critical, cycle, root, extra) {
  return [`state-${state}`, critical ? 'critical' : '', cycle ? 'cycle' : '', root ? 'root' : '', extra || '']
    .filter(Boolean).join(' ');
}

function nodeElement(n, state, hidden) {
  const f = nodeForecast(n);
  let label = nodeLabel(n, state);
  if (hidden) label += `\n+${hidden} deeper hidden`;
  return {
    group: 'nodes',
    data: {
      id: n.id, label, teamId: n.teamId ?? null, name: n.name ?? null, status: n.status ?? null,
      dueDate: n.dueDate ?? null, forecast: f, state, kind: 'milestone', depth: n.depth ?? 0,
      critical: !!n.critical, cycle: !!n.cycle, root: !!n.root,
    },
    classes: classes(state, n.critical, n.cycle, n.root, ''),
  };
}

/** Should the view offer depth limit and collapse (more than BIG_GRAPH nodes)? */
export function isBig(graph) {
  return (graph?.nodes?.length || 0) > BIG_GRAPH;
}

/** Milestones of the subgraph for the what-if picker: the launch first, then by depth, then id. */
export function pickableMilestones(graph) {
  const nodes = [...(graph?.nodes || [])];
  nodes.sort((a, b) => (a.depth ?? 0) - (b.depth ?? 0) || String(a.id).localeCompare(String(b.id)));
  return nodes.map((n) => ({ id: n.id, teamId: n.teamId ?? null, name: n.name ?? null }));
}
