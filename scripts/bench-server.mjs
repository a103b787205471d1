// `make bench`'s web server: serves a built site over HTTPS with HTTP/2, as the static hosts the
// service would deploy to do (Netlify, Cloudflare Pages), with the site's own `_headers` applied
// the way those hosts apply them, and a file's brotli copy (`x.br`) to browsers that accept it.
// Like site-server, no rewrites: `/imha` is served from `imha/index.html`, anything else gets
// `404.html` with status 404.
//
// `serve()` returns a handle whose `offline()` drops every connection and refuses new ones, so
// the bench can see what a phone that has lost its signal shows.

import fs from 'node:fs';
import http2 from 'node:http2';
import path from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.pdf': 'application/pdf',
};

// What both hosts send when no rule sets Cache-Control: check with the server on every visit.
const HOST_DEFAULT_CACHE = 'public, max-age=0, must-revalidate';

/// The headers `_headers` gives `urlPath` as Netlify and Cloudflare Pages apply it: every rule
/// whose pattern matches (`*` matches anything), a header set twice joined with ", ", and
/// Cloudflare's `! Name` detaching one a wider rule set.
export function hostHeaders(file, urlPath) {
  const matches = (pattern) => {
    const star = pattern.indexOf('*');
    if (star < 0) return pattern === urlPath;
    const head = pattern.slice(0, star);
    const tail = pattern.slice(star + 1);
    return urlPath.length >= head.length + tail.length && urlPath.startsWith(head) && urlPath.endsWith(tail);
  };
  const merged = new Map();
  let applies = false;
  for (const line of file.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    if (!line.startsWith(' ')) {
      applies = matches(line.trim());
    } else if (applies) {
      const text = line.trim();
      if (text.startsWith('! ')) {
        merged.delete(text.slice(2).toLowerCase());
        continue;
      }
      const at = text.indexOf(': ');
      const name = text.slice(0, at).toLowerCase();
      const value = text.slice(at + 2);
      merged.set(name, merged.has(name) ? `${merged.get(name)}, ${value}` : value);
    }
  }
  if (!merged.has('cache-control')) merged.set('cache-control', HOST_DEFAULT_CACHE);
  return Object.fromEntries(merged);
}

export function serve(folder, port, key, cert) {
  const root = path.resolve(folder);
  const headersFile = fs.existsSync(path.join(root, '_headers'))
    ? fs.readFileSync(path.join(root, '_headers'), 'utf8')
    : '';
  const resolve = (urlPath) => {
    let p;
    try { p = decodeURIComponent(urlPath.split(/[?#]/)[0]); } catch { return null; }
    const file = path.join(root, path.normalize(p));
    if (!file.startsWith(root)) return null;
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
    const index = path.join(file, 'index.html');
    return fs.existsSync(index) ? index : null;
  };
  const sessions = new Set();
  const server = http2.createSecureServer(
    { key: fs.readFileSync(key), cert: fs.readFileSync(cert), allowHTTP1: true },
    (req, res) => {
      const found = resolve(req.url);
      const file = found || path.join(root, '404.html');
      const headers = {
        ...hostHeaders(headersFile, req.url.split(/[?#]/)[0]),
        'content-type': types[path.extname(file)] || 'application/octet-stream',
      };
      let body = file;
      if (/\bbr\b/.test(req.headers['accept-encoding'] || '') && fs.existsSync(file + '.br')) {
        body = file + '.br';
        headers['content-encoding'] = 'br';
      }
      res.writeHead(found ? 200 : 404, headers);
      res.end(fs.readFileSync(body));
    },
  );
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('connection', (socket) => {
    if (!online) socket.destroy();
  });
  let online = true;
  return new Promise((ready) => {
    server.listen(Number(port), '127.0.0.1', () => ready({
      // Lose the signal: every open connection dropped, every new one refused at once.
      offline() {
        online = false;
        for (const s of sessions) s.destroy();
      },
      online() { online = true; },
      close() {
        for (const s of sessions) s.destroy();
        return new Promise((done) => server.close(done));
      },
    }));
  });
}
