// #/launches: counts, filters, one page (50) of launches from the API, live row updates.

import { h, clear, labelled } from '../dom.js';
import { api } from '../api.js';
import { formatNumber, pagingText, FORECAST_STATES, forecastText } from '../format.js';
import {
  filtersFromQuery, filtersToHash, filtersToApi, countsApi, fallbackCountUrls, isLabel, PAGE_SIZE,
} from '../query.js';
import { applyChange, debounce } from '../live.js';
import { launchRow, launchTableHead, loading } from './common.js';

const COUNT_LABELS = [
  ['total', 'open'], ['blocked', 'blocked'], ['late', 'late'], ['never', 'never'], ['unscheduled', 'unscheduled'],
];
const STATE_TEXT = { ON_TIME: 'on time', LATE: 'late', NEVER: 'never', UNSCHEDULED: 'unscheduled' };

export async function render({ main, route, signal, setTitle, showError, clearError, isCurrent }) {
  const filters = filtersFromQuery(route.query);
  setTitle('Launches');
  const state = { rows: [], total: 0, offset: 0 };

  // ---- skeleton ----
  const countsEl = h('section', { id: 'counts', class: 'counts', 'aria-label': 'Counts for these filters' },
    h('ul', null, COUNT_LABELS.map(([k, text]) =>
      h('li', null, h('span', { class: 'count', dataset: { count: k } }, '…'), ' ', text))));
  const teamSelect = h('select', { name: 'team' }, h('option', { value: '' }, 'any team'));
  if (filters.team) teamSelect.append(h('option', { value: filters.team }, filters.team));
  teamSelect.value = filters.team;
  const labelInput = h('input', { type: 'text', name: 'label', placeholder: 'market:DE', value: filters.labels.join(', '),
    'aria-describedby': 'label-help', autocomplete: 'off' });
  const blockedSelect = h('select', { name: 'blocked' },
    h('option', { value: '' }, 'any'), h('option', { value: 'true' }, 'yes, blocked'), h('option', { value: 'false' }, 'no, not blocked'));
  blockedSelect.value = filters.blocked;
  const sortSelect = h('select', { name: 'sort' },
    h('option', { value: '' }, 'launch id'), h('option', { value: 'due' }, 'due date (soonest first)'),
    h('option', { value: 'slip' }, 'slip (most late first)'));
  sortSelect.value = filters.sort;
  const boxes = FORECAST_STATES.map((s) => {
    const cb = h('input', { type: 'checkbox', name: 'forecast', value: s, checked: filters.forecast.includes(s) });
    return h('span', { class: 'check' }, ...labelled(STATE_TEXT[s], cb).reverse());
  });
  const form = h('form', { id: 'filters', class: 'filters', role: 'search', 'aria-label': 'Filter launches' },
    h('div', { class: 'field' }, ...labelled('Team', teamSelect)),
    h('div', { class: 'field' }, ...labelled('Label', labelInput),
      h('small', { id: 'label-help' }, 'key:value, several separated by commas')),
    h('div', { class: 'field' }, ...labelled('Blocked', blockedSelect)),
    h('fieldset', { class: 'field' }, h('legend', null, 'Forecast'), boxes),
    h('div', { class: 'field' }, ...labelled('Sort by', sortSelect)),
    h('div', { class: 'field actions' },
      h('button', { type: 'submit' }, 'Apply'),
      h('a', { href: '#/launches', class: 'reset' }, 'Clear filters')));

  const status = h('div', { class: 'status-line' });
  const tbody = h('tbody');
  const caption = h('caption', null, 'Open launches');
  const table = h('table', { id: 'launches-table', class: 'launches' }, caption, launchTableHead(), tbody);
  const pagerTop = h('nav', { class: 'pager', 'aria-label': 'Pages (top)' });
  const pagerBottom = h('nav', { class: 'pager', 'aria-label': 'Pages' });

  clear(main).append(h('h1', null, 'Launches'), countsEl, form, status, pagerTop, table, pagerBottom);

  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(); });
  form.addEventListener('change', (ev) => { if (ev.target !== labelInput) apply(); });

  function apply() {
    const labels = labelInput.value.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = labels.filter((l) => !isLabel(l));
    if (bad.length) {
      showError(new Error(`A label filter must be key:value, e.g. market:DE; not "${bad.join('", "')}"`));
      labelInput.focus();
      return;
    }
    clearError();
    const next = {
      team: teamSelect.value, labels, blocked: blockedSelect.value,
      forecast: boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value),
      sort: sortSelect.value, page: 1,
    };
    const hash = filtersToHash(next);
    if (hash === location.hash) reload(); else location.hash = hash;
  }

  // ---- data ----
  function setCounts(total, counts) {
    const values = { total, ...(counts || {}) };
    for (const el of countsEl.querySelectorAll('[data-count]')) {
      const v = values[el.dataset.count];
      if (v != null) el.textContent = formatNumber(v);
    }
  }

  async function fallbackCounts() {
    const urls = fallbackCountUrls(filters);
    await Promise.all(Object.entries(urls).map(async ([k, url]) => {
      const n = url ? (await api(url, { signal })).total : 0;
      const el = countsEl.querySelector(`[data-count="${k}"]`);
      if (el && isCurrent()) el.textContent = formatNumber(n);
    }));
  }

  function renderPager() {
    const page = filters.page;
    const shown = state.rows.length;
    const text = pagingText(state.offset, shown, state.total);
    const lastPage = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
    for (const pager of [pagerTop, pagerBottom]) {
      const prev = page > 1
        ? h('a', { href: filtersToHash({ ...filters, page: page - 1 }), rel: 'prev' }, '← previous')
        : h('span', { class: 'disabled', 'aria-disabled': 'true' }, '← previous');
      const next = page < lastPage
        ? h('a', { href: filtersToHash({ ...filters, page: page + 1 }), rel: 'next' }, 'next →')
        : h('span', { class: 'disabled', 'aria-disabled': 'true' }, 'next →');
      pager.replaceChildren(prev, h('span', { class: 'paging-text' }, text), next);
    }
    caption.textContent = `Open launches${describe(filters)}: ${text}`;
  }

  function renderRows() {
    tbody.replaceChildren(...state.rows.map(launchRow));
    if (!state.rows.length) {
      tbody.append(h('tr', null, h('td', { colspan: '8', class: 'empty' }, 'No open launch matches these filters.')));
    }
    const seen = new Set(state.rows.map((r) => r.teamId).filter(Boolean));
    for (const t of seen) addTeamOption(t);
  }

  function addTeamOption(t) {
    if ([...teamSelect.options].some((o) => o.value === t)) return;
    teamSelect.append(h('option', { value: t }, t));
  }

  async function reload() {
    status.replaceChildren(loading());
    try {
      const data = await api(filtersToApi(filters), { signal, onWait: (s) => status.replaceChildren(loading(`service starting, retrying in ${s} s…`)) });
      if (!isCurrent()) return;
      state.rows = Array.isArray(data.launches) ? data.launches : [];
      state.total = data.total ?? state.rows.length;
      state.offset = data.offset ?? (filters.page - 1) * PAGE_SIZE;
      renderRows();
      renderPager();
      setCounts(state.total, data.counts);
      status.replaceChildren();
      if (!data.counts) fallbackCounts().catch(showError);
      if (!state.rows.length && filters.page > 1 && state.total > 0) {
        status.replaceChildren(h('p', null, 'This page is past the end. ', h('a', { href: filtersToHash({ ...filters, page: 1 }) }, 'Go to the first page')));
      }
    } catch (e) {
      status.replaceChildren();
      showError(e);
    }
  }

  async function refreshCounts() {
    try {
      const data = await api(countsApi(filters), { signal });
      if (!isCurrent()) return;
      state.total = data.total ?? state.total;
      setCounts(state.total, data.counts);
      if (!data.counts) await fallbackCounts();
      renderPager();
    } catch (e) {
      showError(e);
    }
  }
  const refreshCountsSoon = debounce(refreshCounts, 300);

  // teams for the select: the ranked list, plus teams seen in rows
  api('/teams', { signal }).then((t) => {
    if (!isCurrent()) return;
    const ids = (t.teams || []).map((x) => x.teamId).filter(Boolean).sort();
    for (const id of ids) addTeamOption(id);
    teamSelect.value = filters.team;
  }).catch(showError);

  await reload();

  return {
    onChange(change) {
      const res = applyChange(state.rows, change, filters);
      state.rows = res.rows;
      if (res.action === 'replace') {
        const old = tbody.children[res.index];
        const row = launchRow(change.answer);
        markChanged(row, change);
        if (old && old.dataset.launchId === change.launchId) old.replaceWith(row); else renderRows();
      } else if (res.action === 'remove') {
        const old = [...tbody.children].find((tr) => tr.dataset.launchId === change.launchId);
        old?.remove();
        if (!state.rows.length) renderRows();
      }
      refreshCountsSoon();
    },
    onReset() { reload(); },
    dispose() { refreshCountsSoon.cancel(); },
  };
}

function markChanged(row, change) {
  row.classList.add('changed');
  row.dataset.changedAt = change.at || new Date().toISOString();
  const badge = h('span', { class: 'badge', title: change.summary || 'changed' }, 'changed');
  row.querySelector('th')?.append(' ', badge);
  setTimeout(() => { badge.remove(); row.classList.remove('changed'); }, 8000);
}

function describe(f) {
  const parts = [];
  if (f.team) parts.push(`team ${f.team}`);
  if (f.labels.length) parts.push(`labels ${f.labels.join(', ')}`);
  if (f.blocked === 'true') parts.push('blocked');
  if (f.blocked === 'false') parts.push('not blocked');
  if (f.forecast.length) parts.push(`forecast ${f.forecast.map((s) => forecastText({ state: s })).join(' or ')}`);
  if (f.sort) parts.push(`sorted by ${f.sort === 'due' ? 'due date' : 'slip'}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}
