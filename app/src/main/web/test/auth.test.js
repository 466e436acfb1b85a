import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsToken, tokenBody, signIn } from '../public/js/auth.js';

const answer = (status, body) => ({ status, ok: status >= 200 && status < 300, json: async () => body });

test('should ask for a token on 401 only', () => {
  assert.equal(needsToken({ status: 401 }), true);
  assert.equal(needsToken({ status: 403 }), false);
  assert.equal(needsToken({ status: 503 }), false);
  assert.equal(needsToken(new Error('x')), false);
  assert.equal(needsToken(null), false);
});

test('should trim the token and refuse an empty one', () => {
  assert.deepEqual(tokenBody('  abc-0123456789abcdef \n'), { token: 'abc-0123456789abcdef' });
  assert.throws(() => tokenBody('   '), /Enter a token/);
  assert.throws(() => tokenBody(undefined), /Enter a token/);
});

test('should post the token to /auth once and answer its role', async () => {
  // given
  const calls = [];
  const fetchFn = async (path, init) => { calls.push({ path, init }); return answer(200, { role: 'read', required: true }); };

  // when
  const role = await signIn(' reader-0123456789abcdef ', fetchFn);

  // then
  assert.equal(role, 'read');
  assert.equal(calls.length, 1);
  assert.equal(calls[0].path, '/auth');
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.credentials, 'same-origin');
  assert.deepEqual(JSON.parse(calls[0].init.body), { token: 'reader-0123456789abcdef' });
});

test('should say a refused token was refused, without repeating it', async () => {
  // given
  const fetchFn = async () => answer(401, { status: 401, error: 'the token is not one of this service\'s tokens' });

  // when / then
  await assert.rejects(signIn('guess-0123456789abcdef', fetchFn), (e) => {
    assert.match(e.message, /refused/);
    assert.doesNotMatch(e.message, /guess/);
    return true;
  });
});

test('should not call the service for an empty token', async () => {
  let called = false;
  await assert.rejects(signIn('', async () => { called = true; return answer(200, {}); }), /Enter a token/);
  assert.equal(called, false);
});
