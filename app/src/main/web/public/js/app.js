// The single page app: hash router, error banner, the one live EventSource, the live log.

import { routeOf } from './query.js';
import { updatedAgo } from './format.js';
import { parseChange, pushLog, liveStateText } from './live.js';
import { h, clear } from './dom.js';
import { launchHref, streamUrl } from './query.js';
import { needsToken, signIn } from './auth.js';
import * as launchesView from './views/launches.js';
import * as launchView from './views/launch.js';
import * as milestoneView from './views/milestone.js';
import * as teamsView from './views/teams.js';
import * as teamView from './views/team.js';
import * as changesView from './views/changes.js';

const views = {
  launches: launchesView, launch: launchView, milestone: milestoneView,
  teams: teamsView, team: teamView, changes: changesView,
};

const main = document.getElementById('main');
const alertBox = document.getElementById('alert');
const liveState = document.getElementById('live-state');
const updated = document.getElementById('updated');
const logList = document.getElementById('live-log-list');
const logEmpty = document.getElementById('live-log-empty');

let current = null; // {controller, handle}
let log = [];
// True while the sign-in form is up: every request refused meanwhile leads to the same one form.
let signingIn = false;

/** Shows an API or other error in the role=alert banner (never silently); a 401 asks for a token instead. */
export function showError(err) {
  if (err?.name === 'AbortError') return;
  if (needsToken(err)) { askForToken(); return; }
  const msg = err?.message || String(err);
  clear(alertBox);
  alertBox.append(h('p', null, h('strong', null, 'Error: '), msg));
  if (err?.refused?.length) {
    alertBox.append(h('ul', null, err.refused.map((r) => h('li', null, `#${r.index}: ${r.code ? `${r.code}: ` : ''}${r.message || ''}`))));
  }
  alertBox.append(h('button', { type: 'button', class: 'link-button', onclick: clearError }, 'Dismiss'));
  alertBox.hidden = false;
}

export function clearError() {
  if (signingIn) return; // the sign-in form stays until a token is accepted
  clear(alertBox);
  alertBox.hidden = true;
}

/** The service wants a token: one form, once; accepted, the view reloads and the live stream reconnects. */
function askForToken() {
  if (signingIn) return;
  signingIn = true;
  clear(alertBox);
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'current-password', required: true, size: 40 });
  const status = h('p', { id: 'sign-in-status', role: 'status' },
    'This launchgraph needs a token (a read token is enough to look). It is kept for this browser session only.');
  const form = h('form', { id: 'sign-in', class: 'sign-in' },
    h('p', null, h('strong', null, 'Sign in')), status,
    h('label', { for: 'token' }, 'Token '), input, ' ', h('button', { type: 'submit', id: 'sign-in-button' }, 'Sign in'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await signIn(input.value);
    } catch (e) {
      status.textContent = e.message;
      input.select();
      return;
    }
    signingIn = false;
    alertBox.classList.remove('signing-in');
    clearError();
    route();
    reconnect();
  });
  alertBox.append(form);
  alertBox.classList.add('signing-in');
  alertBox.hidden = false;
  input.focus();
}

function setTitle(text) {
  document.title = `${text} – launchgraph`;
}

function markNav(view) {
  const map = { launches: '#/launches', launch: '#/launches', milestone: '#/launches', teams: '#/teams', team: '#/teams', changes: '#/changes' };
  for (const a of document.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === map[view]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function route() {
  const hash = location.hash;
  if (hash && !hash.startsWith('#/')) return; // e.g. the skip link target
  const r = routeOf(hash || '#/launches');
  if (current) {
    current.controller.abort();
    try { current.handle?.dispose?.(); } catch (e) { showError(e); }
  }
  clearError();
  const controller = new AbortController();
  const state = { controller, handle: null };
  current = state;
  markNav(r.view);
  clear(main);
  main.append(h('p', { class: 'loading', role: 'status' }, 'loading…'));
  try {
    const handle = await views[r.view].render({
      main, route: r, signal: controller.signal, setTitle, showError, clearError,
      isCurrent: () => current === state && !controller.signal.aborted,
    });
    if (current === state) state.handle = handle; else handle?.dispose?.();
  } catch (e) {
    if (current === state) showError(e);
  }
}

// ---- live -------------------------------------------------------------------------------
let source = null;
let retryTimer = null;
// The position after the last event seen: a new EventSource (after the service restarts) resumes there.
let lastEventId = null;

function setLive(text, state) {
  liveState.textContent = text;
  liveState.dataset.state = state;
}

function connect() {
  if (typeof EventSource === 'undefined') { setLive('live: unavailable', 'unavailable'); return; }
  retryTimer = null;
  let opened = false;
  try {
    source = new EventSource(streamUrl(lastEventId));
  } catch {
    setLive('live: unavailable', 'unavailable');
    return;
  }
  setLive('connecting…', 'connecting');
  source.addEventListener('open', () => { opened = true; setLive(liveStateText(1), 'live'); });
  source.addEventListener('hello', (ev) => {
    opened = true;
    if (ev.lastEventId) lastEventId = ev.lastEventId;
    setLive(liveStateText(1), 'live');
  });
  source.addEventListener('error', () => {
    if (source.readyState === 2) {
      // closed for good (404, wrong type, server gone): say so and try again later, quietly
      setLive(liveStateText(2, true), 'unavailable');
      source.close();
      source = null;
      if (!retryTimer) retryTimer = setTimeout(connect, opened ? 5000 : 30000);
    } else {
      setLive(liveStateText(0), 'reconnecting');
    }
  });
  source.addEventListener('change', (ev) => {
    if (ev.lastEventId) lastEventId = ev.lastEventId;
    const change = parseChange(ev.data);
    if (!change) return;
    setLive(liveStateText(1), 'live');
    updated.dataset.updatedAt = new Date().toISOString();
    tick();
    log = pushLog(log, change);
    renderLog();
    try { current?.handle?.onChange?.(change); } catch (e) { showError(e); }
  });
  source.addEventListener('reset', () => {
    try { current?.handle?.onReset?.(); } catch (e) { showError(e); }
  });
}

/** A new EventSource now (after signing in), not at the next retry. */
function reconnect() {
  if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
  if (source) { source.close(); source = null; }
  connect();
}

function renderLog() {
  logEmpty.hidden = log.length > 0;
  clear(logList);
  for (const e of log) {
    logList.append(h('li', null,
      h('a', { href: launchHref(e.launchId) }, e.launchId), ': ', e.summary,
      e.at ? h('span', { class: 'muted' }, ` (${e.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')})`) : null));
  }
}

function tick() {
  updated.textContent = updatedAgo(updated.dataset.updatedAt, Date.now());
}

// ---- start ------------------------------------------------------------------------------
document.getElementById('skip-link').addEventListener('click', (ev) => {
  ev.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (ev) => { ev.preventDefault(); showError(ev.reason); });
if (!location.hash || !location.hash.startsWith('#/')) history.replaceState(null, '', '#/launches');
route();
connect();
setInterval(tick, 1000);
