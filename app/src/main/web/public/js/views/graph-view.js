// Draws the blocking subgraph with cytoscape + cytoscape-dagre (vendored, loaded as classic scripts).

import { toElements } from '../graph-model.js';

const COLOURS = {
  'on-time': { bg: '#e3f3e5', border: '#2e7d32', style: 'solid' },
  done: { bg: '#eeeeee', border: '#757575', style: 'solid' },
  blocked: { bg: '#fff4d6', border: '#9a6a00', style: 'dashed' },
  late: { bg: '#ffe2c6', border: '#c24e00', style: 'dashed' },
  never: { bg: '#fbd5d5', border: '#b00020', style: 'double' },
  unscheduled: { bg: '#ece3f6', border: '#5e35b1', style: 'dotted' },
};

function stylesheet() {
  const s = [
    { selector: 'node', style: {
      shape: 'rectangle', 'background-color': '#fff', 'border-width': 2, 'border-color': '#444',
      label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center',
      'font-size': 10, 'font-family': 'system-ui, sans-serif', color: '#111',
    } },
    { selector: 'node[w]', style: { width: 'data(w)', height: 'data(h)' } },
    { selector: 'node.launch', style: { shape: 'round-rectangle', 'font-weight': 'bold' } },
    { selector: 'node.team-node', style: { shape: 'round-hexagon' } },
    { selector: 'node.team-group', style: {
      shape: 'round-rectangle', 'background-color': '#f6f8fa', 'background-opacity': 0.6, 'border-style': 'dashed',
      'border-color': '#8a8f98', 'border-width': 1, label: 'data(label)', 'text-valign': 'top', 'text-halign': 'center',
      'font-size': 11, 'font-weight': 'bold', color: '#333', padding: 10,
    } },
    { selector: 'edge', style: {
      width: 1.5, 'line-color': '#777', 'target-arrow-color': '#777', 'target-arrow-shape': 'triangle',
      'curve-style': 'bezier', label: 'data(label)', 'font-size': 8, 'text-background-color': '#fff',
      'text-background-opacity': 0.8, 'text-rotation': 'autorotate',
    } },
    { selector: 'edge.critical', style: { width: 5, 'line-color': '#1a1a1a', 'target-arrow-color': '#1a1a1a' } },
    { selector: 'edge.cycle', style: { 'line-style': 'dashed', 'line-color': '#b00020', 'target-arrow-color': '#b00020' } },
    { selector: 'node.critical', style: { 'border-width': 5 } },
    { selector: 'node.cycle', style: { 'border-color': '#b00020', 'outline-width': 3, 'outline-color': '#b00020', 'outline-style': 'dotted', 'outline-offset': 2 } },
    { selector: 'node:selected', style: { 'overlay-color': '#0b57d0', 'overlay-opacity': 0.2, 'overlay-padding': 6 } },
    { selector: 'edge:selected', style: { 'overlay-color': '#0b57d0', 'overlay-opacity': 0.25, 'overlay-padding': 4 } },
  ];
  for (const [state, c] of Object.entries(COLOURS)) {
    s.splice(3, 0, { selector: `node.state-${state}`, style: { 'background-color': c.bg, 'border-color': c.border, 'border-style': c.style } });
  }
  return s;
}

/** Sizes each node to its label (cytoscape's width:'label' is deprecated). */
function sized(elements) {
  for (const el of elements) {
    if (el.group !== 'nodes' || el.data.kind === 'group') continue;
    const lines = String(el.data.label || '').split('\n');
    const longest = Math.max(...lines.map((l) => l.length));
    el.data.w = Math.max(60, Math.round(longest * 5.9 + 16));
    el.data.h = Math.round(lines.length * 13 + 14);
  }
  return elements;
}

export function graphLibraryAvailable() {
  return typeof window !== 'undefined' && typeof window.cytoscape === 'function';
}

/**
 * Creates (or re-fills) the cytoscape instance in `container`.
 * @returns {cy, model} where model is toElements(...)'s answer
 */
export function drawGraph(container, graph, opts, { onTapNode, onTapEdge, existing } = {}) {
  const model = toElements(graph, opts);
  container.dataset.ready = 'false';
  container.dataset.nodeCount = String(model.nodeCount);
  let cy = existing;
  if (!cy || cy.destroyed()) {
    cy = window.cytoscape({
      container, elements: [], style: stylesheet(), minZoom: 0.1, maxZoom: 3,
      boxSelectionEnabled: false, selectionType: 'single',
    });
    cy.on('tap', 'node', (ev) => onTapNode?.(ev.target));
    cy.on('tap', 'edge', (ev) => onTapEdge?.(ev.target));
  }
  cy.batch(() => {
    cy.elements().remove();
    cy.add(sized(model.elements));
  });
  window.cy = cy;
  const layout = cy.layout({
    name: 'dagre',
    rankDir: 'LR', nodeSep: 18, rankSep: 45, edgeSep: 8, padding: 20, fit: true, animate: false,
  });
  layout.one('layoutstop', () => {
    const settle = () => {
      if (cy.destroyed()) return;
      cy.resize();
      cy.fit(undefined, 20);
      if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
      container.dataset.ready = 'true';
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(settle); else settle();
  });
  layout.run();
  return { cy, model };
}
