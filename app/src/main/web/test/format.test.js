import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  forecastText, forecastLong, forecastExplained, formatNumber, pagingText, updatedAgo, rootTeams, normalizeForecast, stateOf,
} from '../public/js/format.js';

test('should say "on time" for an ON_TIME forecast', () => {
  // given an on-time forecast / when formatted / then the short text
  assert.equal(forecastText({ state: 'ON_TIME', date: '2027-02-01', slipDays: 0 }), 'on time');
});

test('should say "+20d" for a LATE forecast and add the date in the long form', () => {
  // given a forecast 20 days late
  const f = { state: 'LATE', date: '2027-03-10', slipDays: 20 };
  // when / then
  assert.equal(forecastText(f), '+20d');
  assert.equal(forecastLong(f), '+20d (2027-03-10)');
});

test('should say "never: <reason>" for a NEVER forecast, and "never" without a reason', () => {
  for (const [reason, text] of [['CYCLE', 'never: cycle'], ['CANCELLED', 'never: cancelled'], ['RETIRED', 'never: retired'], ['UNKNOWN', 'never: unknown']]) {
    assert.equal(forecastText({ state: 'NEVER', date: null, slipDays: null, neverBecause: reason }), text);
  }
  assert.equal(forecastText({ state: 'NEVER' }), 'never');
});

test('should say "unscheduled" for an UNSCHEDULED forecast and "unknown" for none', () => {
  assert.equal(forecastText({ state: 'UNSCHEDULED', date: null }), 'unscheduled');
  assert.equal(forecastText(null), 'unknown');
});

test('should read a graph node forecast given as flat fields', () => {
  // given the graph JSON's node shape (forecast as a string, forecastDate and slipDays beside it)
  const node = { forecast: 'LATE', forecastDate: '2027-02-06', slipDays: 43 };
  // when normalized / then it has the launch shape
  assert.deepEqual(normalizeForecast(node.forecast, node), { state: 'LATE', date: '2027-02-06', slipDays: 43, neverBecause: null });
  assert.equal(normalizeForecast(null, {}), null);
});

test('should explain a LATE forecast with the milestone that decides it', () => {
  // given a launch late by 20 days because of its last critical-path step
  const launch = {
    launchId: 'l', dueDate: '2027-02-18',
    forecast: { state: 'LATE', date: '2027-03-10', slipDays: 20, steps: [
      { milestoneId: 'l', teamId: 't', forecast: { date: '2027-03-10' } },
      { milestoneId: 'm-x', teamId: 'team-y', forecast: { date: '2027-03-10' } }] },
  };
  // when explained / then
  assert.equal(forecastExplained(launch), 'LATE by 20 days: forecast 2027-03-10 against due 2027-02-18 because of m-x (team-y) forecast 2027-03-10.');
  assert.match(forecastExplained({ forecast: { state: 'NEVER', neverBecause: 'CYCLE' } }), /NEVER as planned \(a dependency cycle\)/);
});

test('should group thousands with commas', () => {
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(999), '999');
  assert.equal(formatNumber(9000), '9,000');
  assert.equal(formatNumber(1234567), '1,234,567');
});

test('should write paging text like "51-100 of 9,000"', () => {
  // given the second page of 50 of 9000 / then
  assert.equal(pagingText(50, 50, 9000), '51-100 of 9,000');
  assert.equal(pagingText(0, 20, 20), '1-20 of 20');
  assert.equal(pagingText(8950, 50, 9000), '8,951-9,000 of 9,000');
  assert.equal(pagingText(0, 0, 0), '0 of 0');
});

test('should say how long ago the last change came', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  assert.equal(updatedAgo('2026-12-01T11:59:57Z', now), 'updated 3 s ago');
  assert.equal(updatedAgo('2026-12-01T11:58:00Z', now), 'updated 2 min ago');
  assert.equal(updatedAgo('2026-12-01T10:00:00Z', now), 'updated 2 h ago');
  assert.equal(updatedAgo('', now), 'no changes yet');
  assert.equal(updatedAgo('2026-12-01T12:00:05Z', now), 'updated 0 s ago', 'a clock a little ahead is not negative');
});

test('should list distinct root-cause teams in first-seen order', () => {
  const l = { rootBlockers: [{ teamId: 'b' }, { teamId: 'a' }, { teamId: 'b' }, { teamId: null }] };
  assert.deepEqual(rootTeams(l), ['b', 'a']);
  assert.deepEqual(rootTeams({}), []);
});

test('should give each node state a visual state, done and cancelled first', () => {
  assert.equal(stateOf('DONE', { state: 'LATE' }, true), 'done');
  assert.equal(stateOf('CANCELLED', null, false), 'never');
  assert.equal(stateOf('PLANNED', { state: 'NEVER' }, true), 'never');
  assert.equal(stateOf('PLANNED', { state: 'LATE' }, true), 'late');
  assert.equal(stateOf('PLANNED', { state: 'ON_TIME' }, true), 'blocked');
  assert.equal(stateOf('PLANNED', { state: 'UNSCHEDULED' }, false), 'unscheduled');
  assert.equal(stateOf('IN_PROGRESS', { state: 'ON_TIME' }, false), 'on-time');
});
