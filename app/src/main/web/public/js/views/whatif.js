// The what-if panel: slip / done on a milestone, remove an edge; POST /what-if, show #what-if-result.

import { h, labelled } from '../dom.js';
import { api } from '../api.js';
import { renderWhatIf, loading } from './common.js';

/**
 * @param opts.milestones  [{id, teamId, name}] for a select; or opts.fixed: an id for a text input
 * @param opts.edges       [{dependentId, dependencyId}] offered for "remove this edge" (optional)
 */
export function whatIfPanel({ milestones = [], fixed = null, edges = [], signal, showError, clearError }) {
  const result = h('section', { id: 'what-if-result', class: 'what-if-result', 'aria-live': 'polite', 'aria-label': 'What-if result' },
    h('p', { class: 'muted' }, 'Pick a change and see which launches would move. Nothing is changed.'));

  let milestoneCtl;
  if (fixed != null) {
    milestoneCtl = h('input', { id: 'what-if-milestone', type: 'text', value: fixed, autocomplete: 'off', spellcheck: 'false' });
  } else {
    milestoneCtl = h('select', { id: 'what-if-milestone' });
  }
  const days = h('input', { id: 'what-if-days', type: 'number', min: '1', max: '3650', step: '1', value: '14', inputmode: 'numeric' });
  const slipBtn = h('button', { id: 'what-if-slip', type: 'button' }, 'Slip by N days');
  const doneBtn = h('button', { id: 'what-if-done', type: 'button' }, 'Mark done');
  const edgeSelect = h('select', { id: 'what-if-edge' });
  const removeBtn = h('button', { id: 'what-if-remove', type: 'button' }, 'Remove this edge');
  const edgeField = h('div', { class: 'field' }, ...labelled('Dependency edge', edgeSelect), removeBtn);

  function setMilestones(list) {
    if (fixed != null) return;
    const keep = milestoneCtl.value;
    milestoneCtl.replaceChildren(...list.map((m) =>
      h('option', { value: m.id }, `${m.id}${m.teamId ? ` (${m.teamId})` : ''}`)));
    if (keep && list.some((m) => m.id === keep)) milestoneCtl.value = keep;
  }
  function setEdges(list) {
    const keep = edgeSelect.value;
    edgeSelect.replaceChildren(...list.map((e) =>
      h('option', { value: JSON.stringify([e.dependentId, e.dependencyId]) }, `${e.dependentId} needs ${e.dependencyId}`)));
    if (keep && [...edgeSelect.options].some((o) => o.value === keep)) edgeSelect.value = keep;
    edgeField.hidden = list.length === 0;
  }
  setMilestones(milestones);
  setEdges(edges);

  async function run(body, description) {
    clearError?.();
    result.replaceChildren(loading(`asking what if ${description}…`));
    try {
      const answer = await api('/what-if', { method: 'POST', body, signal });
      renderWhatIf(result, answer, description);
    } catch (e) {
      result.replaceChildren(h('p', null, `The what-if "${description}" was refused or failed; nothing was changed.`));
      showError(e);
    }
  }
  function milestoneId() {
    const id = String(milestoneCtl.value || '').trim();
    if (!id) { showError(new Error('Pick a milestone first.')); milestoneCtl.focus(); }
    return id;
  }

  slipBtn.addEventListener('click', () => {
    const id = milestoneId();
    if (!id) return;
    const n = parseInt(days.value, 10);
    if (!Number.isFinite(n) || n < 1) { showError(new Error('Days must be a whole number of at least 1.')); days.focus(); return; }
    run({ slip: { milestoneId: id, days: n } }, `${id} slips by ${n} ${n === 1 ? 'day' : 'days'}`);
  });
  doneBtn.addEventListener('click', () => {
    const id = milestoneId();
    if (id) run({ done: id }, `${id} is done`);
  });
  removeBtn.addEventListener('click', () => {
    if (!edgeSelect.value) return;
    const [a, b] = JSON.parse(edgeSelect.value);
    removeEdge(a, b);
  });
  function removeEdge(dependentId, dependencyId) {
    run({ remove: { dependentId, dependencyId } }, `${dependentId} no longer needs ${dependencyId}`);
  }

  const element = h('section', { class: 'what-if', 'aria-labelledby': 'what-if-title' },
    h('h2', { id: 'what-if-title' }, 'What if'),
    h('p', { class: 'muted' }, 'A simulation on a copy of the plan: nothing is changed.'),
    h('div', { class: 'what-if-controls' },
      h('div', { class: 'field' }, ...labelled('Milestone', milestoneCtl)),
      h('div', { class: 'field' }, ...labelled('Days', days), slipBtn),
      h('div', { class: 'field' }, doneBtn),
      edgeField),
    result);

  return {
    element, result, removeEdge, setMilestones, setEdges,
    selectMilestone(id) {
      if (fixed != null) { milestoneCtl.value = id; return; }
      if ([...milestoneCtl.options].some((o) => o.value === id)) milestoneCtl.value = id;
    },
    selectEdge(dependentId, dependencyId) {
      const v = JSON.stringify([dependentId, dependencyId]);
      if ([...edgeSelect.options].some((o) => o.value === v)) edgeSelect.value = v;
    },
  };
}
