// The service worker: pages read before stay readable offline and open at once; hashed files
// come from the cache first, pages from the cache and refreshed behind, config.json from the
// network first; a POST or another site's address
// (the referral) is never touched. Why, and the kill switch: README, "Reading offline".
'use strict';

const CACHE = 'advocacy-v1';
// The folder this worker was served from: "/" or "/advocacy/".
const SCOPE = new URL('./', self.location).pathname;
const OFFLINE_PAGE = SCOPE + 'offline/index.html';
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css|svg|json)$/;

// Keep the offline page, the home page and what it needs to run.
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll([OFFLINE_PAGE, SCOPE, SCOPE + 'config.json']);
    const home = await (await cache.match(SCOPE)).text();
    // Every quoted address with a content hash: the CSS, icon, boot.js, the app's wasm and the
    // page's wording file.
    const assets = [...home.matchAll(/"([^"\s]+)"/g)]
      .map((m) => new URL(m[1], self.location).pathname)
      .filter((path) => HASHED.test(path));
    // The app's JS is named after its wasm (boot.js finds it the same way).
    assets.push(...assets.filter((path) => path.endsWith('_bg.wasm')).map((path) => path.replace(/_bg\.wasm$/, '.js')));
    await cache.addAll([...new Set(assets)]);
    // The page being read when this worker arrived came before it: keep that one too, or it
    // would be the one page its reader could not open again offline.
    const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of open) {
      const url = new URL(client.url);
      if (url.origin === self.location.origin && url.pathname.startsWith(SCOPE)) {
        await cache.add(url.pathname).catch(() => {});
      }
    }
    await self.skipWaiting();
  })());
});

// A new worker takes over open pages at once, and old caches go.
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (!url.pathname.startsWith(SCOPE)) return;
  if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === 'navigate' || url.pathname.endsWith('/index.html')) {
    event.respondWith(keptThenRefreshed(event, request));
  } else {
    event.respondWith(networkFirst(request));
  }
});

// A page read before opens at once from the cache, and the cache is refreshed from the network
// behind it, so the page is at most one visit behind the site and a slow signal is never waited
// for. A page never read comes from the network. (config.json stays network-first: the referral
// endpoint is never stale.) Measured against network-first in bench/RESULTS.md.
async function keptThenRefreshed(event, request) {
  const cache = await caches.open(CACHE);
  const kept = await keptPage(cache, request);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  // A page in another language keeps that language's offline page too, once.
  const offlinePage = offlinePageFor(new URL(request.url).pathname);
  if (request.mode === 'navigate' && offlinePage !== OFFLINE_PAGE) {
    event.waitUntil((async () => {
      if (!(await cache.match(offlinePage))) await cache.add(offlinePage);
    })().catch(() => {}));
  }
  if (kept) {
    event.waitUntil(fresh.catch(() => {}));
    return kept;
  }
  try {
    return await fresh;
  } catch (offline) {
    return (request.mode === 'navigate' && await offlinePageIn(cache, request.url)) || Promise.reject(offline);
  }
}

// The offline page in the language of an address (/pl/imha: /pl/offline/), as the pages' folders
// are named: two letters, the language's code. English's is at the root.
function offlinePageFor(pathname) {
  const first = pathname.slice(SCOPE.length).split('/')[0];
  return /^[a-z]{2}$/.test(first) ? SCOPE + first + '/offline/index.html' : OFFLINE_PAGE;
}

async function offlinePageIn(cache, url) {
  return (await cache.match(offlinePageFor(new URL(url).pathname))) || cache.match(OFFLINE_PAGE);
}

async function keptPage(cache, request) {
  return (await cache.match(request, { ignoreSearch: request.mode === 'navigate' }))
    || (request.mode === 'navigate' && await cache.match(withIndex(request.url)));
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    await forgetOlderBuilds(cache, new URL(request.url).pathname);
    await cache.put(request, response.clone());
  }
  return response;
}

// One copy of the app in the cache, not one per deploy.
async function forgetOlderBuilds(cache, path) {
  const stem = path.replace(HASHED, '');
  for (const old of await cache.keys()) {
    const oldPath = new URL(old.url).pathname;
    if (oldPath !== path && HASHED.test(oldPath) && oldPath.replace(HASHED, '') === stem) {
      await cache.delete(old);
    }
  }
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    const kept = await keptPage(cache, request);
    if (kept) return kept;
    if (request.mode === 'navigate') {
      const page = await offlinePageIn(cache, request.url);
      if (page) return page;
    }
    throw offline;
  }
}

// "/imha" and "/imha/" are "/imha/index.html", the file the app reads.
function withIndex(address) {
  const url = new URL(address);
  url.search = '';
  url.pathname = url.pathname.replace(/\/?$/, '/') + 'index.html';
  return url.href;
}
