// Signing the page in when the service wants a token: POST /auth checks it and keeps it in an
// HttpOnly session cookie, which every later request of the page carries by itself (fetch, the
// live EventSource, the export links): the page's scripts never hold the token after this.

/** Whether an API error means "no valid token": the page then asks for one. */
export function needsToken(err) {
  return err?.status === 401;
}

/** The body of POST /auth for what the person typed; an empty token is refused here. */
export function tokenBody(token) {
  const t = String(token ?? '').trim();
  if (!t) throw new Error('Enter a token.');
  return { token: t };
}

/** Signs in with {@code token}; resolves to its role ("read" or "write"), or rejects with a message to show. */
export async function signIn(token, fetchFn = globalThis.fetch) {
  const body = JSON.stringify(tokenBody(token));
  let res;
  try {
    res = await fetchFn('/auth', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body,
    });
  } catch (e) {
    throw new Error(`Cannot reach the service (${e?.message || e}).`);
  }
  if (res.status === 401) throw new Error('That token was refused. Check it and try again.');
  if (res.status === 429) throw new Error('Too many attempts; wait a second and try again.');
  if (!res.ok) throw new Error(`Signing in failed (${res.status}).`);
  const data = await res.json();
  return data.role;
}
