// #/changes?since=7d: launches whose answer changed since, with links to the weekly report.

import { h, clear, labelled } from '../dom.js';
import { api } from '../api.js';
import { formatNumber } from '../format.js';
import { SINCE_CHOICES, validSince, sinceToApi } from '../query.js';
import { changeRows, simpleTable, loading, reloadedOnChange } from './common.js';

export async function render({ main, route, signal, setTitle, showError, clearError, isCurrent }) {
  const since = validSince(route.query.get('since')) ? route.query.get('since').trim() : '7d';
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(since);
  setTitle(`Changes since ${since}`);

  const sel = h('select', { name: 'since' },
    SINCE_CHOICES.map((s) => h('option', { value: s }, s === '1d' ? 'last day' : `last ${parseInt(s, 10)} days`)),
    h('option', { value: 'date' }, 'since a date…'));
  const date = h('input', { type: 'date', name: 'date', value: isDate ? since : '' });
  sel.value = SINCE_CHOICES.includes(since) ? since : (isDate ? 'date' : '7d');
  const dateField = h('div', { class: 'field', hidden: sel.value !== 'date' }, ...labelled('Date', date));
  const form = h('form', { class: 'filters', 'aria-label': 'Changes since' },
    h('div', { class: 'field' }, ...labelled('Since', sel)), dateField,
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Show')));
  const apiSince = sinceToApi(since);
  const q = encodeURIComponent(apiSince);
  const reports = h('p', { class: 'reports' }, 'Weekly report: ',
    h('a', { href: `/report?since=${q}&format=html`, target: '_blank', rel: 'noopener' }, 'printable (HTML)'), ' · ',
    h('a', { href: `/report?since=${q}&format=md` }, 'Markdown'));
  const body = h('div', null, loading());
  clear(main).append(h('h1', null, `Changes since ${isDate ? since : `${since} ago`}`), form, reports, body);

  sel.addEventListener('change', () => {
    dateField.hidden = sel.value !== 'date';
    if (sel.value !== 'date') go(sel.value);
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (sel.value !== 'date') { go(sel.value); return; }
    if (!validSince(date.value)) { showError(new Error('Pick a date (YYYY-MM-DD).')); date.focus(); return; }
    go(date.value);
  });
  function go(s) {
    clearError();
    const hash = `#/changes?since=${encodeURIComponent(s)}`;
    if (hash === location.hash) load(); else location.hash = hash;
  }

  async function load() {
    try {
      const data = await api(`/changes?since=${q}`, { signal });
      if (!isCurrent()) return;
      const changed = data.changed || [];
      body.replaceChildren(
        h('p', { class: 'lead', role: 'status' }, `${formatNumber(changed.length)} ${changed.length === 1 ? 'launch' : 'launches'} changed, ${formatNumber(data.unchanged ?? 0)} unchanged.`),
        changed.length ? simpleTable(`Launches changed since ${since}`, ['Launch', 'Forecast before → after', 'Blocked before → after', 'Summary'],
          changeRows(changed), { id: 'changes-table' }) : h('p', null, 'Nothing changed.'));
    } catch (e) {
      body.replaceChildren();
      showError(e);
    }
  }
  return reloadedOnChange(load);
}
