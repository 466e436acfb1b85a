import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  routeOf, filtersFromQuery, filtersToHash, filtersToApi, countsApi, matchesFilters, emptyFilters, launchHref,
  fallbackCountUrls, sinceToApi, validSince, parseHash, streamUrl,
} from '../public/js/query.js';

const launch = (over = {}) => ({
  launchId: 'l1', teamId: 'team-a', open: true, blocked: true, labels: { market: 'DE', product: 'ads' },
  forecast: { state: 'LATE', slipDays: 3 }, ...over,
});

test('should round-trip filters through the hash', () => {
  // given filters with every field set
  const f = { team: 'team-a', labels: ['market:DE', 'product:x:y'], blocked: 'true', forecast: ['LATE', 'NEVER'], sort: 'due', page: 3 };
  // when written to a hash and read back
  const hash = filtersToHash(f);
  const back = filtersFromQuery(parseHash(hash).query);
  // then they are the same
  assert.deepEqual(back, f);
  assert.equal(routeOf(hash).view, 'launches');
});

test('should leave defaults out of the hash', () => {
  assert.equal(filtersToHash(emptyFilters()), '#/launches');
  assert.equal(filtersToHash({ ...emptyFilters(), page: 1, sort: '' }), '#/launches');
});

test('should drop invalid filter values instead of failing', () => {
  // given a hand-edited hash
  const f = filtersFromQuery('blocked=maybe&forecast=late,BOGUS&label=nocolon&label=:x&sort=weird&page=-2');
  // then only the valid parts stay (forecast case-insensitive, as the API)
  assert.deepEqual(f, { ...emptyFilters(), forecast: ['LATE'] });
});

test('should build the API query with offset and limit for the page', () => {
  // given page 2 of a team filter with two labels
  const f = { ...emptyFilters(), team: 'team a&b', labels: ['market:DE', 'product:ads'], blocked: 'false', forecast: ['NEVER', 'LATE'], sort: 'slip', page: 2 };
  // when
  const url = new URL(filtersToApi(f), 'http://x');
  // then
  assert.equal(url.pathname, '/launches');
  assert.equal(url.searchParams.get('team'), 'team a&b');
  assert.deepEqual(url.searchParams.getAll('label'), ['market:DE', 'product:ads']);
  assert.equal(url.searchParams.get('blocked'), 'false');
  assert.equal(url.searchParams.get('forecast'), 'NEVER,LATE');
  assert.equal(url.searchParams.get('sort'), 'slip');
  assert.equal(url.searchParams.get('offset'), '50');
  assert.equal(url.searchParams.get('limit'), '50');
});

test('should ask only for counts with limit=0 and no paging or sort', () => {
  const url = new URL(countsApi({ ...emptyFilters(), team: 't', page: 9, sort: 'due' }), 'http://x');
  assert.equal(url.searchParams.get('limit'), '0');
  assert.equal(url.searchParams.get('offset'), null);
  assert.equal(url.searchParams.get('sort'), null);
  assert.equal(url.searchParams.get('team'), 't');
});

test('should route hashes to views and decode odd ids', () => {
  // given an id with slashes, spaces, quotes and markup
  const id = 'launch/odd <b>&"x" ?#';
  // when its link is routed
  const r = routeOf(launchHref(id));
  // then the id comes back exactly
  assert.equal(r.view, 'launch');
  assert.equal(r.id, id);
  assert.equal(routeOf('#/milestone/m%2F1').id, 'm/1');
  assert.equal(routeOf('#/team/team-a').view, 'team');
  assert.equal(routeOf('#/teams?sort=slip').query.get('sort'), 'slip');
  assert.equal(routeOf('#/changes?since=7d').view, 'changes');
  assert.equal(routeOf('').view, 'launches');
  assert.equal(routeOf('#/nowhere').view, 'launches');
});

test('should match a launch against each filter like the API', () => {
  const f = emptyFilters();
  assert.equal(matchesFilters(launch(), f), true);
  assert.equal(matchesFilters(launch(), { ...f, team: 'team-b' }), false);
  assert.equal(matchesFilters(launch(), { ...f, labels: ['market:DE'] }), true);
  assert.equal(matchesFilters(launch(), { ...f, labels: ['market:FR'] }), false);
  assert.equal(matchesFilters(launch(), { ...f, labels: ['market:FR', 'market:DE'] }), true, 'a later label with the same key wins');
  assert.equal(matchesFilters(launch(), { ...f, blocked: 'false' }), false);
  assert.equal(matchesFilters(launch({ blocked: false }), { ...f, blocked: 'false' }), true);
  assert.equal(matchesFilters(launch(), { ...f, forecast: ['NEVER', 'LATE'] }), true);
  assert.equal(matchesFilters(launch(), { ...f, forecast: ['ON_TIME'] }), false);
  assert.equal(matchesFilters(launch({ open: false }), f), false, 'closed launches are not listed');
  assert.equal(matchesFilters(null, f), false);
});

test('should compute fallback count queries only for counts the filters allow', () => {
  // given a filter on LATE only
  const urls = fallbackCountUrls({ ...emptyFilters(), forecast: ['LATE'] });
  // then late is asked, never is 0 by construction
  assert.equal(new URL(urls.late, 'http://x').searchParams.get('forecast'), 'LATE');
  assert.equal(urls.never, null);
  assert.equal(new URL(urls.blocked, 'http://x').searchParams.get('blocked'), 'true');
  assert.equal(fallbackCountUrls({ ...emptyFilters(), blocked: 'false' }).blocked, null);
});

test('should turn a date into the instant the API accepts for since', () => {
  assert.equal(sinceToApi('7d'), '7d');
  assert.equal(sinceToApi('2026-10-01'), '2026-10-01T00:00:00Z');
  assert.equal(validSince('14d'), true);
  assert.equal(validSince('2026-10-01'), true);
  assert.equal(validSince('last week'), false);
});

test('should resume the live stream after the last event seen', () => {
  // given a position the server sent as an event id
  const position = '0:5,1:12';

  // when / then: the position travels in the query, encoded; without one the stream starts now
  assert.equal(streamUrl(position), '/changes/stream?from=0%3A5%2C1%3A12');
  assert.equal(streamUrl(null), '/changes/stream');
});
