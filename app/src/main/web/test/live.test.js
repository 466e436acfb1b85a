import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChange, applyChange, pushLog, concernsLaunch, debounce, liveStateText } from '../public/js/live.js';
import { emptyFilters } from '../public/js/query.js';

const L = (id, over = {}) => ({ launchId: id, teamId: 't', open: true, blocked: true, labels: { market: 'DE' },
  forecast: { state: 'LATE', slipDays: 2 }, ...over });
const change = (id, answer, over = {}) => parseChange(JSON.stringify({
  launchId: id, teamId: 't', labels: {}, kinds: ['changed'], summary: `s ${id}`, at: '2026-12-01T00:00:00Z', answer, ...over }));

test('should replace a row on screen in place with the new answer', () => {
  // given three rows
  const rows = [L('a'), L('b'), L('c')];
  // when b's forecast moves
  const res = applyChange(rows, change('b', L('b', { forecast: { state: 'LATE', slipDays: 9 } })), emptyFilters());
  // then b keeps its place with the new answer
  assert.equal(res.action, 'replace');
  assert.equal(res.index, 1);
  assert.deepEqual(res.rows.map((r) => r.launchId), ['a', 'b', 'c']);
  assert.equal(res.rows[1].forecast.slipDays, 9);
  assert.equal(rows[1].forecast.slipDays, 2, 'the old array is not changed');
});

test('should remove a launch that stops matching the filters', () => {
  // given a list filtered on blocked=true
  const filters = { ...emptyFilters(), blocked: 'true' };
  const rows = [L('a'), L('b')];
  // when a becomes unblocked
  const res = applyChange(rows, change('a', L('a', { blocked: false })), filters);
  // then it leaves the page
  assert.equal(res.action, 'remove');
  assert.deepEqual(res.rows.map((r) => r.launchId), ['b']);
});

test('should remove a launch whose answer is null (closed)', () => {
  const res = applyChange([L('a')], change('a', null), emptyFilters());
  assert.equal(res.action, 'remove');
  assert.equal(res.rows.length, 0);
});

test('should leave the rows alone when the launch is not on this page', () => {
  const rows = [L('a')];
  const res = applyChange(rows, change('zzz', L('zzz')), emptyFilters());
  assert.equal(res.action, 'none');
  assert.equal(res.rows, rows);
});

test('should ignore malformed change events', () => {
  assert.equal(parseChange('not json'), null);
  assert.equal(parseChange('{"summary":"no launch id"}'), null);
  assert.equal(parseChange('null'), null);
  const c = parseChange('{"launchId":"x"}');
  assert.deepEqual([c.kinds, c.answer, c.summary], [[], null, '']);
});

test('should keep the last 20 changes, newest first', () => {
  // given 25 changes
  let log = [];
  for (let i = 0; i < 25; i++) log = pushLog(log, change(`l${i}`, null));
  // then
  assert.equal(log.length, 20);
  assert.equal(log[0].launchId, 'l24');
  assert.equal(log[19].launchId, 'l5');
});

test('should tell a launch page when its launch changed', () => {
  assert.equal(concernsLaunch(change('a', null), 'a'), true);
  assert.equal(concernsLaunch(change('b', null), 'a'), false);
});

test('should debounce bursts into one call with the last arguments', () => {
  // given fake timers
  const pending = new Map();
  let n = 0;
  const timers = {
    setTimeout: (fn) => { n += 1; pending.set(n, fn); return n; },
    clearTimeout: (h) => pending.delete(h),
  };
  const calls = [];
  const d = debounce((x) => calls.push(x), 300, timers);
  // when called three times quickly
  d(1); d(2); d(3);
  // then one timer is left, and it runs once with the last value
  assert.equal(pending.size, 1);
  [...pending.values()][0]();
  assert.deepEqual(calls, [3]);
});

test('should say live, reconnecting or unavailable', () => {
  assert.equal(liveStateText(1), 'live');
  assert.equal(liveStateText(0), 'reconnecting…');
  assert.equal(liveStateText(2), 'live: unavailable');
  assert.equal(liveStateText(1, true), 'live: unavailable');
});
