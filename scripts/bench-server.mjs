// `make bench`'s web server: serves a built site over HTTPS with HTTP/2, as the static hosts the
// service would deploy to do (Netlify, Cloudflare Pages, GitHub Pages), sending a file's brotli
// copy (`x.br`) to browsers that accept it. Like site-server, no rewrites: `/imha` is served from
// `imha/index.html`, anything else gets `404.html` with status 404.
//
// Usage: node scripts/bench-server.mjs <folder> <port> <key.pem> <cert.pem>

import fs from 'node:fs';
import http2 from 'node:http2';
import path from 'node:path';

const [folder, port, key, cert] = process.argv.slice(2);
const root = path.resolve(folder);
const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.json': 'application/json', '.svg': 'image/svg+xml',
};

function resolve(urlPath) {
  let p;
  try { p = decodeURIComponent(urlPath.split(/[?#]/)[0]); } catch { return null; }
  const file = path.join(root, path.normalize(p));
  if (!file.startsWith(root)) return null;
  if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  const index = path.join(file, 'index.html');
  return fs.existsSync(index) ? index : null;
}

http2
  .createSecureServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert), allowHTTP1: true }, (req, res) => {
    const found = resolve(req.url);
    const file = found || path.join(root, '404.html');
    const headers = { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' };
    let body = file;
    if (/\bbr\b/.test(req.headers['accept-encoding'] || '') && fs.existsSync(file + '.br')) {
      body = file + '.br';
      headers['content-encoding'] = 'br';
    }
    res.writeHead(found ? 200 : 404, headers);
    res.end(fs.readFileSync(body));
  })
  .listen(Number(port), '127.0.0.1');
