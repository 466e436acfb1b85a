import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../public/js/', import.meta.url));
const files = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? files(p) : p.endsWith('.js') ? [p] : [];
});

test('should never build HTML from strings (no innerHTML, outerHTML, insertAdjacentHTML, document.write)', () => {
  // given every browser module / then none of them parses HTML from strings
  for (const f of files(root)) {
    const src = readFileSync(f, 'utf8');
    assert.doesNotMatch(src, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|DOMParser/, f);
  }
});

test('should never log with console.error in the browser modules', () => {
  for (const f of files(root)) assert.doesNotMatch(readFileSync(f, 'utf8'), /console\.error/, f);
});
