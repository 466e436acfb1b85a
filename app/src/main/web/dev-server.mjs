// Development server, no dependencies: serves public/ and the two vendored scripts at /vendor/,
// proxies every other path (the API, including the SSE stream, streamed) to LAUNCHGRAPH_URL.
//   LAUNCHGRAPH_URL=http://127.0.0.1:18080 PORT=18090 node dev-server.mjs
import http from 'node:http';
import https from 'node:https';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const publicDir = resolve(here, 'public');
const upstream = new URL(process.env.LAUNCHGRAPH_URL || 'http://127.0.0.1:18080');
const port = Number(process.env.PORT || 18090);

const vendor = {
  '/vendor/cytoscape.min.js': 'node_modules/cytoscape/dist/cytoscape.min.js',
  '/vendor/cytoscape-dagre.min.js': 'node_modules/cytoscape-dagre/dist/cytoscape-dagre.min.js',
  '/vendor/LICENSE-cytoscape.txt': 'node_modules/cytoscape/LICENSE',
  '/vendor/LICENSE-cytoscape-dagre.txt': 'node_modules/cytoscape-dagre/LICENSE',
};
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
};

function sendFile(res, file, method) {
  let st;
  try { st = statSync(file); } catch { return false; }
  if (!st.isFile()) return false;
  res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream', 'content-length': st.size, 'cache-control': 'no-cache' });
  if (method === 'HEAD') { res.end(); return true; }
  createReadStream(file).pipe(res);
  return true;
}

function staticFile(pathname) {
  if (vendor[pathname]) return resolve(here, vendor[pathname]);
  if (pathname === '/') return join(publicDir, 'index.html');
  let decoded;
  try { decoded = decodeURIComponent(pathname); } catch { return null; }
  const file = resolve(publicDir, '.' + normalize(decoded));
  return file.startsWith(publicDir + sep) ? file : null;
}

function proxy(req, res) {
  const client = upstream.protocol === 'https:' ? https : http;
  const headers = { ...req.headers, host: upstream.host };
  const up = client.request({
    protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port,
    method: req.method, path: req.url, headers,
  }, (upRes) => {
    res.writeHead(upRes.statusCode || 502, upRes.headers);
    upRes.pipe(res); // streamed as it comes: SSE works through this
  });
  up.on('error', (e) => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 502, error: `dev-server: upstream ${upstream.href} unreachable: ${e.message}` }));
    } else {
      res.destroy();
    }
  });
  res.on('close', () => { if (!res.writableEnded) up.destroy(); }); // the browser went away (e.g. an SSE tab closed)
  req.pipe(up);
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' || req.method === 'HEAD') {
    const file = staticFile(pathname);
    if (file && sendFile(res, file, req.method)) return;
  }
  proxy(req, res);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`launchgraph web: http://127.0.0.1:${port}/  (API: ${upstream.href})`);
});
