// fetch wrapper: JSON in/out, API errors ({status, error, refused}) as ApiError, 503 + Retry-After retried.

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body || null;
    this.refused = Array.isArray(body?.refused) ? body.refused : [];
  }
}

const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); reject(new DOMException('aborted', 'AbortError')); }, { once: true });
});

/** GET (or POST with body) a JSON answer. Retries a 503 with Retry-After up to 3 times. */
export async function api(path, { method = 'GET', body, signal, retries = 3, onWait } = {}) {
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(path, {
        method,
        signal,
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      if (e?.name === 'AbortError') throw e;
      throw new ApiError(0, `Cannot reach the service (${e?.message || e}). Check your connection and retry.`);
    }
    if (res.status === 503 && attempt < retries) {
      const wait = Math.min(30, Math.max(1, parseInt(res.headers.get('retry-after') || '2', 10) || 2));
      onWait?.(wait);
      await sleep(wait * 1000, signal);
      continue;
    }
    let data = null;
    const text = await res.text();
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!res.ok) {
      const msg = data?.error || `${res.status} ${res.statusText || 'error'}`;
      throw new ApiError(res.status, `${method} ${path}: ${msg}`, data);
    }
    if (data == null) throw new ApiError(res.status, `${method} ${path}: the answer was not JSON`);
    return data;
  }
}
