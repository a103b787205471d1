// The service worker: pages a person has read stay readable with no signal (a ward often has
// none), and the app's code comes from the phone instead of the network on a later visit.
//
// - Files with a content hash in their name (the app's JS and wasm, the CSS, the icon) never
//   change, so they come from the cache first.
// - Pages and config.json come from the network first, so a change to the site or its settings
//   shows on the next visit; the copy kept from the last visit is used only when offline.
// - A page never visited, opened offline, gets the offline page: the phone number and the
//   urgent-help numbers.
// - Nothing else is touched: a POST (the referral) or a request to another site (the referral
//   endpoint) goes straight to the network, never through a cache.
//
// Kill switch: see "Turning off the service worker" in the README.
'use strict';

const CACHE = 'advocacy-v1';
// The folder this worker was served from: "/" or "/advocacy/".
const SCOPE = new URL('./', self.location).pathname;
const OFFLINE_PAGE = SCOPE + 'offline/index.html';
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css|svg)$/;

// On install: keep the offline page, the home page and what the home page needs to run.
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll([OFFLINE_PAGE, SCOPE, SCOPE + 'config.json']);
    const home = await (await cache.match(SCOPE)).text();
    const assets = [...home.matchAll(/(?:href|src|data-js|data-wasm)="([^"]+)"/g)]
      .map((m) => new URL(m[1], self.location).pathname)
      .filter((path) => HASHED.test(path));
    await cache.addAll([...new Set(assets)]);
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
  } else {
    event.respondWith(networkFirst(request));
  }
});

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

// A new build's file replaces the old build's file of the same name (app-<hash>.js), so the
// cache holds one copy of the app, not one per deploy.
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
    const kept = (await cache.match(request, { ignoreSearch: request.mode === 'navigate' }))
      || (request.mode === 'navigate' && await cache.match(withIndex(request.url)));
    if (kept) return kept;
    if (request.mode === 'navigate') {
      const page = await cache.match(OFFLINE_PAGE);
      if (page) return page;
    }
    throw offline;
  }
}

// "/imha" and "/imha/" are the same page as "/imha/index.html", which the app reads itself.
function withIndex(address) {
  const url = new URL(address);
  url.search = '';
  url.pathname = url.pathname.replace(/\/?$/, '/') + 'index.html';
  return url.href;
}
