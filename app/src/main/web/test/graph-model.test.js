import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toElements, isBig, pickableMilestones, BIG_GRAPH } from '../public/js/graph-model.js';

const sample = JSON.parse(readFileSync(new URL('./fixtures/graph.json', import.meta.url), 'utf8'));

const nodesOf = (els) => els.filter((e) => e.group === 'nodes');
const edgesOf = (els) => els.filter((e) => e.group === 'edges');

/** No edge points at a node that is not drawn, and all ids are unique. */
function assertConsistent(elements) {
  const ids = new Set(nodesOf(elements).map((n) => n.data.id));
  assert.equal(ids.size, nodesOf(elements).length, 'node ids are unique');
  for (const e of edgesOf(elements)) {
    assert.ok(ids.has(e.data.source), `edge source ${e.data.source} is drawn`);
    assert.ok(ids.has(e.data.target), `edge target ${e.data.target} is drawn`);
    assert.ok(!ids.has(e.data.id), 'edge ids do not clash with node ids');
  }
  for (const n of nodesOf(elements)) {
    if (n.data.parent) assert.ok(ids.has(n.data.parent), 'parent exists');
  }
}

/** A wide graph: launch L, n milestones in a binary tree, depth = floor(log2(i))+1, teams t0..t4. */
function bigGraph(n = 100) {
  const nodes = [{ id: 'L', teamId: 'tl', status: 'PLANNED', forecast: 'LATE', slipDays: 5, depth: 0, critical: true }];
  const edges = [];
  for (let i = 1; i <= n; i++) {
    nodes.push({ id: `m${i}`, teamId: `t${i % 5}`, status: 'PLANNED', forecast: { state: 'ON_TIME', date: '2027-01-01', slipDays: 0 },
      depth: Math.floor(Math.log2(i)) + 1, critical: i === 1 || i === 2, cycle: i === 3 });
    edges.push({ from: i === 1 ? 'L' : `m${Math.floor(i / 2)}`, to: `m${i}`, critical: i === 1 || i === 2 });
  }
  edges.push({ from: 'm3', to: 'm1', critical: false });
  return { launchId: 'L', criticalPath: ['L', 'm1', 'm2'], nodes, edges };
}

test('should make one element per node and edge of the sample graph', () => {
  // given the captured graph of launch-search-ads-de / when converted without options
  const { elements, nodeCount, parentCount } = toElements(sample);
  // then
  assert.equal(nodeCount, sample.nodes.length);
  assert.equal(parentCount, 0);
  assert.equal(nodesOf(elements).length, sample.nodes.length);
  assert.equal(edgesOf(elements).length, sample.edges.length);
  assertConsistent(elements);
});

test('should add one parent per team when grouping, and count only milestones', () => {
  // given the sample graph with 5 distinct teams over 6 nodes
  const teams = new Set(sample.nodes.map((n) => n.teamId));
  // when grouped by team
  const { elements, nodeCount, parentCount } = toElements(sample, { groupByTeam: true });
  // then elements = nodes + team parents (+ edges), every milestone sits in its team's parent
  assert.equal(parentCount, teams.size);
  assert.equal(nodesOf(elements).length, sample.nodes.length + teams.size);
  assert.equal(nodeCount, sample.nodes.length);
  for (const n of nodesOf(elements).filter((x) => x.data.kind === 'milestone')) {
    const parent = nodesOf(elements).find((p) => p.data.id === n.data.parent);
    assert.equal(parent.data.teamId, n.data.teamId);
  }
  assertConsistent(elements);
});

test('should mark critical path nodes and edges with class critical', () => {
  const { elements } = toElements(sample);
  const critical = new Set(sample.criticalPath);
  for (const n of nodesOf(elements)) {
    assert.equal(n.classes.split(' ').includes('critical'), critical.has(n.data.id), n.data.id);
  }
  for (const e of edgesOf(elements)) assert.ok(e.classes.split(' ').includes('critical'));
  assert.ok(nodesOf(elements).find((n) => n.data.id === sample.launchId).classes.includes('launch'));
});

test('should mark cycle members and the edges between them with class cycle', () => {
  // given a two-node cycle below a launch
  const g = { launchId: 'L', nodes: [
    { id: 'L', depth: 0, forecast: 'NEVER' }, { id: 'a', depth: 1, cycle: true, forecast: 'NEVER' }, { id: 'b', depth: 2, cycle: true, forecast: 'NEVER' }],
  edges: [{ from: 'L', to: 'a' }, { from: 'a', to: 'b' }, { from: 'b', to: 'a' }] };
  // when
  const { elements } = toElements(g);
  // then
  const cls = (id) => nodesOf(elements).find((n) => n.data.id === id).classes.split(' ');
  assert.ok(cls('a').includes('cycle') && cls('b').includes('cycle') && !cls('L').includes('cycle'));
  assert.deepEqual(edgesOf(elements).map((e) => e.classes.includes('cycle')), [false, true, true]);
  assert.match(nodesOf(elements)[1].data.label, /\[cycle\]/, 'the cycle is readable without colour');
});

test('should put id, team, due and forecast in the node label', () => {
  const { elements } = toElements(sample);
  const launch = nodesOf(elements).find((n) => n.data.id === sample.launchId);
  assert.equal(launch.data.label, 'launch-search-ads-de *\nteam-search-ads\ndue 2026-12-25\nLATE: +43d (2027-02-06)');
  const root = nodesOf(elements).find((n) => n.data.id === 'm-datacenter-expansion-eu');
  assert.match(root.data.label, /ON TIME: on time \(2027-02-01\)$/);
});

test('should keep only nodes up to the depth limit and no edge to a hidden node', () => {
  // given a big graph
  const g = bigGraph(100);
  assert.ok(isBig(g) && g.nodes.length > BIG_GRAPH);
  // when limited to depth 3
  const { elements, nodeCount, hiddenNodes } = toElements(g, { depthLimit: 3 });
  // then only depth <= 3 is drawn (1 + 1 + 2 + 4 nodes) and edges stay consistent
  assert.equal(nodeCount, 8);
  assert.equal(hiddenNodes, g.nodes.length - 8);
  assert.ok(nodesOf(elements).every((n) => n.data.depth <= 3));
  assertConsistent(elements);
  assert.match(nodesOf(elements).find((n) => n.data.id === 'm4').data.label, /\+2 deeper hidden/);
});

test('should collapse to one node per team, keep the launch, and drop edges inside a team', () => {
  // given a big graph with 5 milestone teams
  const g = bigGraph(100);
  // when collapsed
  const { elements, nodeCount } = toElements(g, { collapseTeams: true });
  // then launch + 5 teams, edges between distinct drawn nodes only, no duplicates
  assert.equal(nodeCount, 6);
  assertConsistent(elements);
  const keys = edgesOf(elements).map((e) => `${e.data.source}>${e.data.target}`);
  assert.equal(new Set(keys).size, keys.length);
  assert.ok(edgesOf(elements).every((e) => e.data.source !== e.data.target));
  assert.ok(nodesOf(elements).some((n) => n.data.id === 'L'));
  assert.ok(edgesOf(elements).some((e) => e.classes.includes('critical')), 'a critical edge survives collapse');
});

test('should combine depth limit and collapse consistently', () => {
  const { elements } = toElements(bigGraph(100), { collapseTeams: true, depthLimit: 2 });
  assertConsistent(elements);
  const team = nodesOf(elements).filter((n) => n.data.kind === 'team');
  assert.equal(team.reduce((s, t) => s + t.data.members.length, 0), 3, 'm1, m2, m3 only');
});

test('should keep ids with odd characters as plain data and avoid clashes with generated ids', () => {
  // given ids that look like markup, selectors and the generated team/edge ids
  const g = { launchId: 'L "x" <b>', nodes: [
    { id: 'L "x" <b>', teamId: 't#1 .a', depth: 0 },
    { id: 'group:t#1 .a', teamId: 't#1 .a', depth: 1 },
    { id: 'edge:0', teamId: 'x', depth: 1 }],
  edges: [{ from: 'L "x" <b>', to: 'group:t#1 .a' }, { from: 'L "x" <b>', to: 'edge:0' }] };
  // when grouped and when collapsed
  for (const opts of [{}, { groupByTeam: true }, { collapseTeams: true }]) {
    const { elements } = toElements(g, opts);
    // then ids are unique and every edge end exists
    assertConsistent(elements);
  }
  const { elements } = toElements(g, { groupByTeam: true });
  assert.ok(nodesOf(elements).some((n) => n.data.id === 'L "x" <b>'));
  assert.ok(nodesOf(elements).some((n) => n.data.id === 'group:t#1 .a' && n.data.kind === 'milestone'));
});

test('should offer the subgraph milestones for what-if, the launch first', () => {
  const list = pickableMilestones(sample);
  assert.equal(list[0].id, sample.launchId);
  assert.equal(list.length, sample.nodes.length);
});

test('should survive an empty or missing graph', () => {
  assert.deepEqual(toElements(null).elements, []);
  assert.equal(toElements({ launchId: 'x', nodes: [], edges: [{ from: 'a', to: 'b' }] }).elements.length, 0);
});
