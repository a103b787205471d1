// `make bench`: what a person on a ward phone on a slow mobile connection gets.
//
// Serves the release build, a plain-HTML copy of it (every script removed, same CSS: the physical
// limit for this content) and, if given, an earlier build to compare with, all brotli-compressed
// over HTTPS and HTTP/2 with the site's own `_headers` applied as the static hosts apply them
// (scripts/bench-server.mjs). Then, in one run on one machine:
//
// 1. Time until the app works (navigation start to the app's takeover, `data-app="live"` on the
//    app root), first visit and repeat visit, and the LCP, with throttling applied to the browser
//    as Lighthouse's `devtools` method applies it (150 ms round trip, 1.6 Mbps down, CPU 4×
//    slower), on every route; the plain copy's LCP beside it.
// 2. Where the time goes on the first app page, first and repeat visit: the network waterfall
//    and a main-thread CPU profile.
// 3. What a visited and an unvisited page show once the signal is lost.
// 4. Lighthouse 12 (mobile, its default simulated throttling) on every route, app and plain.
// 5. Every asset's size, and the memory used after visiting every route in one tab.
//
// Writes bench/RESULTS.md and prints it. A benchmark, not a test: it never fails on timings.
//
// Usage: node scripts/bench.mjs <folder> <key.pem> <cert.pem>, where <folder> holds `app`,
// `plain` and optionally `before` (bench.sh prepares them). BENCH_RUNS sets the runs per page
// (default 5), BENCH_LH_RUNS Lighthouse's (default BENCH_RUNS); BENCH_PAGES (comma-separated)
// measures only those pages, for a quick look.

import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import zlib from 'node:zlib';
import { execSync } from 'node:child_process';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import puppeteer from 'puppeteer-core';
import { serve } from './bench-server.mjs';

const [work, key, cert] = process.argv.slice(2);
const runs = Number(process.env.BENCH_RUNS || 5);
const lighthouseRuns = Number(process.env.BENCH_LH_RUNS || runs);
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const dist = path.join(work, 'app');
const hasBefore = fs.existsSync(path.join(work, 'before'));
const beforeLabel = process.env.BENCH_BEFORE_LABEL || 'before';

// The pages a person lands on from a link: every top-level page, one rights page, the checker's
// first question and the referral form's first page.
const allPages = [
  '/', '/imha', '/community-advocacy', '/your-rights', '/your-rights/treatment',
  '/what-advocates-do', '/contact', '/urgent-help', '/privacy', '/accessibility', '/words',
  '/check', '/check/situation', '/refer', '/refer/service',
].filter((p) => fs.existsSync(path.join(dist, p, 'index.html')));
const pages = process.env.BENCH_PAGES ? process.env.BENCH_PAGES.split(',') : allPages;
// Where a person needs the app itself to work, and the issue's targets apply.
const appPages = ['/check/situation', '/refer/service'].filter((p) => pages.includes(p));

// The conditions the targets are set for, applied to the page and to its service worker.
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const CPU_SLOWDOWN = 4;

const ports = { app: 8093, plain: 8094, before: 8095 };
const servers = {};
for (const build of ['app', 'plain', ...(hasBefore ? ['before'] : [])]) {
  servers[build] = await serve(path.join(work, build), ports[build], key, cert);
}
const base = (build) => `https://127.0.0.1:${ports[build]}`;
const builds = hasBefore ? ['before', 'app'] : ['app'];
const label = (build) => (build === 'before' ? beforeLabel : build === 'app' ? 'this build' : build);

const flags = [
  // The bench servers' throwaway certificate, trusted by its key (see bench.sh).
  `--ignore-certificate-errors-spki-list=${process.env.BENCH_SPKI}`,
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-quic', '--no-first-run',
];

const median = (xs) => {
  const s = xs.filter((x) => x !== null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const kb = (b) => (b / 1024).toFixed(1);
const ms = (x) => (x === null || x === undefined ? '–' : Math.round(x).toString());
const secs = (x) => (x === null || x === undefined ? '–' : (x / 1000).toFixed(2));
const score = (x) => x.toFixed(2);

// Runs in every page before its own scripts: notes when the app takes over and the LCP.
function watch() {
  window.__bench = { live: null, lcp: null };
  new MutationObserver((_, observer) => {
    const root = document.getElementById('app');
    if (root && root.getAttribute('data-app')) {
      window.__bench.live = performance.now();
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-app'] });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
}

async function throttle(session) {
  await session.send('Network.enable');
  await session.send('Network.emulateNetworkConditions', NETWORK);
}

// A browser context that throttles its pages and its service workers (whose own fetches, such
// as a page fetched network-first, DevTools would otherwise leave at full speed).
async function throttledContext(browser) {
  const context = await browser.createBrowserContext();
  context.on('targetcreated', async (target) => {
    if (target.type() !== 'service_worker') return;
    try { await throttle(await target.createCDPSession()); } catch { /* it ended first */ }
  });
  return context;
}

// One visit: the time the app took over (null for the plain copy), the LCP, and, when asked,
// the waterfall and a main-thread CPU profile.
async function visit(context, url, { expectApp, detail = false }) {
  const page = await context.newPage();
  await page.setViewport({ width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  const session = await page.createCDPSession();
  await throttle(session);
  await session.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.evaluateOnNewDocument(watch);
  let profile = null;
  if (detail) {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 250 });
    await session.send('Profiler.start');
  }
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  if (expectApp) {
    await page.waitForFunction(() => window.__bench.live !== null, { timeout: 60000, polling: 50 });
  }
  await sleep(300);
  if (detail) profile = (await session.send('Profiler.stop')).profile;
  const result = await page.evaluate(() => ({
    live: window.__bench.live,
    lcp: window.__bench.lcp,
    waterfall: [
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource'),
    ].map((e) => ({
      name: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd,
      bytes: e.transferSize, fromCache: e.transferSize === 0 && e.decodedBodySize > 0,
    })),
  }));
  await page.close();
  return { ...result, profile };
}

// Waits until the page's service worker (if the build has one) has installed and kept its files.
async function untilWorkerReady(context, url) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  await page.evaluate(() => ('serviceWorker' in navigator
    ? Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 15000))])
    : null));
  await sleep(1000);
  await page.close();
}

// Main-thread time by what it was spent on, from a V8 sampling profile.
function profileSummary(profile, bindingsName) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map();
  const functions = new Map();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id).callFrame;
    const dt = profile.timeDeltas[i] / 1000;
    let kind;
    if (frame.functionName === '(idle)') kind = 'idle (waiting for the network)';
    else if (frame.functionName === '(garbage collector)') kind = 'garbage collection';
    else if (frame.functionName === '(program)') kind = 'the browser itself (parse, style, layout, paint, compile)';
    else if (frame.url.startsWith('wasm://') || frame.url.endsWith('.wasm')) kind = 'the app (wasm)';
    else if (frame.url.startsWith('pptr:')) kind = 'the bench\'s own polling';
    else if (frame.url.endsWith(bindingsName) || frame.functionName === 'wasm-to-js') kind = 'the app\'s JS glue (DOM calls for the wasm)';
    else if (/\/boot-[0-9a-f]+\.js$/.test(frame.url)) kind = 'boot.js';
    else kind = `other: ${frame.functionName || '(anonymous)'} ${path.basename(frame.url)}`;
    totals.set(kind, (totals.get(kind) || 0) + dt);
    if (kind.startsWith('the app')) {
      const name = frame.functionName || '(anonymous)';
      functions.set(name, (functions.get(name) || 0) + dt);
    }
  });
  return { totals: [...totals].sort((a, b) => b[1] - a[1]), functions: [...functions].sort((a, b) => b[1] - a[1]).slice(0, 6) };
}

const browser = await puppeteer.launch({ executablePath: chromePath, args: flags, headless: true });
const timing = []; // { route, build, first, repeat, lcp } medians
const details = []; // { title, visit }: waterfall and profile of the last visits to the first app page
let offline = null;
try {
  // A first visit to warm up the browser itself, so the first page measured pays no more than the others.
  {
    const context = await throttledContext(browser);
    await visit(context, base('plain') + '/', { expectApp: false });
    await context.close();
  }
  for (const route of pages) {
    const plainLcp = [];
    for (let i = 0; i < runs; i++) {
      const context = await throttledContext(browser);
      plainLcp.push((await visit(context, base('plain') + route, { expectApp: false })).lcp);
      await context.close();
    }
    timing.push({ route, build: 'plain', lcp: median(plainLcp) });
    for (const build of builds) {
      const first = [];
      const repeat = [];
      const lcp = [];
      for (let i = 0; i < runs; i++) {
        const context = await throttledContext(browser);
        const detail = i === runs - 1 && route === appPages[0];
        const v = await visit(context, base(build) + route, { expectApp: true, detail });
        first.push(v.live);
        lcp.push(v.lcp);
        if (detail) details.push({ title: `first visit, ${label(build)}`, visit: v });
        if (appPages.includes(route)) {
          await untilWorkerReady(context, base(build) + route);
          const again = await visit(context, base(build) + route, { expectApp: true, detail });
          repeat.push(again.live);
          if (detail) details.push({ title: `repeat visit, ${label(build)}`, visit: again });
        }
        await context.close();
      }
      timing.push({ route, build, first: median(first), repeat: median(repeat), lcp: median(lcp) });
      console.error(`bench: ${route} ${label(build)}: live ${ms(median(first))} ms, repeat ${ms(median(repeat))} ms, LCP ${ms(median(lcp))} ms (plain ${ms(median(plainLcp))} ms)`);
    }
  }
  offline = await offlineBehaviour();
} finally {
  await browser.close();
}

// What the phone shows once the signal is lost, after one visit to the checker's first question.
async function offlineBehaviour() {
  const route = appPages[0] || '/';
  const unvisited = '/your-rights/leave';
  const context = await browser.createBrowserContext();
  await untilWorkerReady(context, base('app') + route);
  servers.app.offline();
  const page = await context.newPage();
  await page.evaluateOnNewDocument(watch);
  const seen = async (url) => {
    let status = 'no page (browser error)';
    try {
      await page.goto(url, { waitUntil: 'load', timeout: 15000 });
      await page.waitForFunction(() => window.__bench.live !== null, { timeout: 5000 }).catch(() => {});
      status = await page.evaluate(() => {
        const h1 = document.querySelector('h1');
        const phone = document.querySelector('a[href^="tel:"]');
        return `“${h1 ? h1.textContent.trim() : 'no heading'}”${phone ? ', with the phone number' : ''}${window.__bench.live !== null ? ', app working' : ''}`;
      });
    } catch (e) {
      status = `no page (${e.message.split('\n')[0]})`;
    }
    return status;
  };
  const visited = await seen(base('app') + route);
  const other = await seen(base('app') + unvisited);
  await page.close();
  await context.close();
  servers.app.online();
  return { route, visited, unvisited, other };
}

// Lighthouse under its default simulated throttling: the scores, and the LCP it estimates.
async function lighthouseTable() {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: flags });
  const table = [];
  const measure = async (url) => {
    const { categories, audits } = (await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    })).lhr;
    return {
      performance: categories.performance.score, accessibility: categories.accessibility.score,
      bestPractices: categories['best-practices'].score, seo: categories.seo.score,
      fcp: audits['first-contentful-paint'].numericValue, lcp: audits['largest-contentful-paint'].numericValue,
      tbt: audits['total-blocking-time'].numericValue, cls: audits['cumulative-layout-shift'].numericValue,
      bytes: audits['total-byte-weight'].numericValue,
    };
  };
  const medians = (samples) => Object.fromEntries(Object.keys(samples[0]).map((k) => [k, median(samples.map((s) => s[k]))]));
  try {
    for (const route of pages) {
      const app = [];
      const plain = [];
      for (let i = 0; i < lighthouseRuns; i++) {
        app.push(await measure(base('app') + route));
        plain.push(await measure(base('plain') + route));
      }
      table.push({ route, app: medians(app), plain: medians(plain) });
      console.error(`bench: Lighthouse ${route} performance ${score(medians(app).performance)}`);
    }
    return { table, memory: await memoryAfterEveryRoute(chrome.port) };
  } finally {
    await chrome.kill();
  }
}

async function memoryAfterEveryRoute(port) {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasmMemory = e.detail.wasm.memory; });
  });
  await page.goto(base('app') + '/', { waitUntil: 'networkidle0' });
  await page.waitForFunction(() => document.getElementById('app').getAttribute('data-app'));
  for (const route of pages.slice(1)) {
    // Follow a link inside the app, as a person would, so the tab is never reloaded.
    await page.evaluate((href) => {
      const a = document.createElement('a');
      a.href = href;
      document.body.append(a);
      a.click();
      a.remove();
    }, route);
    await page.waitForFunction((p) => location.pathname === p, { timeout: 10000 }, route);
    await sleep(200);
  }
  const cdp = await page.createCDPSession();
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__wasmMemory ? window.__wasmMemory.buffer.byteLength : 0);
  const lastPath = await page.evaluate(() => location.pathname);
  await page.close();
  browser.disconnect();
  return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasmMemory: wasm, lastPath };
}

const { table, memory } = lighthouseRuns > 0 ? await lighthouseTable() : { table: [], memory: null };
for (const server of Object.values(servers)) await server.close();

function assetSizes(folder) {
  const rows = [];
  for (const name of fs.readdirSync(folder).sort()) {
    const file = path.join(folder, name);
    if (!fs.statSync(file).isFile() || name.endsWith('.br')) continue;
    const data = fs.readFileSync(file);
    rows.push({
      name, raw: data.length, gzip: zlib.gzipSync(data, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
  return rows;
}
const codeBrotli = (folder) => assetSizes(folder).filter((s) => /\.(js|wasm)$/.test(s.name)).reduce((t, s) => t + s.brotli, 0);

const commit = execSync('git rev-parse --short HEAD').toString().trim();
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const date = new Date().toISOString().slice(0, 10);
const sizes = assetSizes(dist);
const cssBrotli = sizes.filter((s) => s.name.endsWith('.css')).reduce((t, s) => t + s.brotli, 0);
const version = JSON.parse(fs.readFileSync('node_modules/lighthouse/package.json', 'utf8')).version;
const row = (route, build) => timing.find((t) => t.route === route && t.build === build);

const lines = [];
lines.push('# Benchmark results', '');
lines.push(`Date ${date}, commit \`${commit}\`${hasBefore ? ` beside ${beforeLabel}` : ''}, ${os.cpus().length} × ${cpu}, Debian Chromium ${(execSync(`${chromePath} --version 2>/dev/null`).toString().match(/[0-9]+(\.[0-9]+)+/) || ['?'])[0]}, Lighthouse ${version}. Written by \`make bench\` (scripts/bench.mjs).`);
lines.push('', `Every build is served brotli-compressed on loopback over HTTPS with HTTP/2, as static hosts serve it, with its own \`_headers\` applied as Netlify and Cloudflare Pages apply them (every matching rule; a repeated header joined with ", "). "Plain" is the same page with every script removed and the same CSS: the limit for this content. Median of ${runs} runs per page.`);

lines.push('', '## Time until the app works', '');
lines.push(`From navigation start until the app has taken over the page (\`data-app="live"\` on its root): before that, a tap on a question or the form does a full page load. Throttling applied to the browser as Lighthouse's \`devtools\` method does: ${NETWORK.latency} ms round trip, ${NETWORK.downloadThroughput * 8 / 1e6} Mbps down, CPU ${CPU_SLOWDOWN}× slower; applied to the service worker too. A first visit is a new browser profile; a repeat visit is a new tab in the same profile once the first has finished.`, '');
lines.push(`| page | ${builds.map((b) => `first visit, ${label(b)}`).join(' | ')} | ${builds.map((b) => `repeat visit, ${label(b)}`).join(' | ')} |`);
lines.push(`| --- |${builds.map(() => ' --- |').join('')}${builds.map(() => ' --- |').join('')}`);
for (const route of appPages) {
  lines.push(`| \`${route}\` | ${builds.map((b) => `${secs(row(route, b).first)} s`).join(' | ')} | ${builds.map((b) => `${secs(row(route, b).repeat)} s`).join(' | ')} |`);
}
lines.push('', 'Targets: first visit ≤ 1.5 s, repeat visit ≤ 0.6 s.');

lines.push('', '## LCP with applied throttling, every page', '');
lines.push('The same conditions and visits as above (first visit). Lighthouse\'s simulation (further down) estimates instead; it counts every request that ends before the paint as the paint\'s dependency, so it charges a page for fetching its app in parallel even when the real paint is no later.', '');
lines.push(`| page | plain LCP ms | ${builds.map((b) => `LCP ms, ${label(b)} | ÷ plain`).join(' | ')} | app works at, this build |`);
lines.push(`| --- | --- |${builds.map(() => ' --- | --- |').join('')} --- |`);
for (const route of pages) {
  const plain = row(route, 'plain').lcp;
  lines.push(`| \`${route}\` | ${ms(plain)} | ${builds.map((b) => `${ms(row(route, b).lcp)} | ${(row(route, b).lcp / plain).toFixed(2)}`).join(' | ')} | ${secs(row(route, 'app').first)} s |`);
}
const worstApplied = Math.max(...pages.map((r) => row(r, 'app').lcp / row(r, 'plain').lcp));

lines.push('', '## Where the time goes', '');
for (const { title, visit: d } of details) {
  lines.push(`### \`${appPages[0]}\`, ${title}`, '');
  lines.push(`The app took over at ${ms(d.live)} ms; LCP ${ms(d.lcp)} ms.`, '');
  lines.push('| request | starts ms | ends ms | bytes over the wire |', '| --- | --- | --- | --- |');
  for (const r of d.waterfall) lines.push(`| \`${r.name}\` | ${ms(r.start)} | ${ms(r.end)} | ${r.fromCache ? 'from a cache' : r.bytes} |`);
  const bindings = (d.waterfall.find((r) => /\.js$/.test(r.name) && !/\/boot-/.test(r.name)) || { name: '.js' }).name;
  const { totals, functions } = profileSummary(d.profile, path.basename(bindings));
  lines.push('', 'Main thread, from navigation to takeover (V8 sampling profile; CPU 4× slower):', '');
  lines.push('| spent on | ms |', '| --- | --- |');
  for (const [kind, t] of totals.slice(0, 8)) lines.push(`| ${kind} | ${ms(t)} |`);
  if (functions.length) {
    lines.push('', `Busiest app functions: ${functions.map(([n, t]) => `\`${n}\` ${ms(t)} ms`).join(', ')}.`);
  }
  lines.push('');
}

lines.push('## Offline, after one visit', '');
if (offline) {
  lines.push(`One visit to \`${offline.route}\`, the service worker given time to keep its files, then every connection to the server dropped and refused:`, '');
  lines.push(`- \`${offline.route}\` opened again: ${offline.visited}.`);
  lines.push(`- \`${offline.unvisited}\`, never visited: ${offline.other}.`);
}

if (table.length) {
  lines.push('', '## Lighthouse, default simulated throttling', '');
  lines.push(`Lighthouse (mobile) against the same servers, median of ${lighthouseRuns} runs.`, '');
  lines.push('| page | perf | a11y | best pr. | SEO | FCP ms | LCP ms | plain LCP ms | LCP ÷ plain | TBT ms | CLS | KB sent |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { route, app: a, plain: p } of table) {
    lines.push(`| \`${route}\` | ${score(a.performance)} | ${score(a.accessibility)} | ${score(a.bestPractices)} | ${score(a.seo)} | ${ms(a.fcp)} | ${ms(a.lcp)} | ${ms(p.lcp)} | ${(a.lcp / p.lcp).toFixed(2)} | ${ms(a.tbt)} | ${a.cls.toFixed(3)} | ${kb(a.bytes)} |`);
  }
}

lines.push('', '## Targets', '');
lines.push('| target | result | met |', '| --- | --- | --- |');
const target = (name, value, ok) => lines.push(`| ${name} | ${value} | ${ok ? 'yes' : '**no**'} |`);
const worstOf = (key) => Math.max(...appPages.map((r) => row(r, 'app')[key] ?? Infinity));
if (appPages.length) {
  target('app works on a first visit ≤ 1.5 s', `slowest ${secs(worstOf('first'))} s`, worstOf('first') <= 1500);
  target('app works on a repeat visit ≤ 0.6 s', `slowest ${secs(worstOf('repeat'))} s`, worstOf('repeat') <= 600);
}
target('LCP ≤ 1.1 × plain, applied throttling', `worst ${worstApplied.toFixed(2)} ×`, worstApplied <= 1.1);
if (table.length) {
  const worst = (f) => table.reduce((m, r) => Math.min(m, f(r)), Infinity);
  const maxCls = table.reduce((m, r) => Math.max(m, r.app.cls), 0);
  const worstSimulated = table.reduce((m, r) => Math.max(m, r.app.lcp / r.plain.lcp), 0);
  target('performance ≥ 0.98 on every page', `lowest ${score(worst((r) => r.app.performance))}`, worst((r) => r.app.performance) >= 0.98);
  target('accessibility, best practices, SEO 1.0', `lowest ${score(Math.min(worst((r) => r.app.accessibility), worst((r) => r.app.bestPractices), worst((r) => r.app.seo)))}`,
    worst((r) => Math.min(r.app.accessibility, r.app.bestPractices, r.app.seo)) >= 1);
  target('CLS 0', `worst ${maxCls.toFixed(3)}`, maxCls === 0);
  lines.push(`| (reported, no target) LCP ÷ plain, simulated | worst ${worstSimulated.toFixed(2)} × | |`);
}
target('JS + wasm ≤ 110 KB brotli', `${kb(codeBrotli(dist))} KB${hasBefore ? ` (${beforeLabel}: ${kb(codeBrotli(path.join(work, 'before')))} KB)` : ''}`, codeBrotli(dist) <= 110 * 1024);
target('CSS ≤ 10 KB brotli', `${kb(cssBrotli)} KB`, cssBrotli <= 10 * 1024);

lines.push('', '## Assets', '', '| file | raw KB | gzip KB | brotli KB |', '| --- | --- | --- | --- |');
for (const s of sizes) lines.push(`| \`${s.name}\` | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |`);
if (memory) {
  lines.push('', '## Memory after visiting every route in one tab', '');
  lines.push(`Visited ${pages.length} routes by following links inside the app (ending on \`${memory.lastPath}\`), then collected garbage.`, '');
  lines.push('| JS heap used | JS heap total | wasm memory |', '| --- | --- | --- |');
  lines.push(`| ${kb(memory.jsHeapUsed)} KB | ${kb(memory.jsHeapTotal)} KB | ${kb(memory.wasmMemory)} KB |`);
}

// What people found by reading these figures is written by hand below this heading, and kept.
const FINDINGS = '## Findings';
const out = process.env.BENCH_OUT || 'bench/RESULTS.md';
const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
if (previous.includes(`\n${FINDINGS}`)) lines.push('', previous.slice(previous.indexOf(`\n${FINDINGS}`) + 1).trimEnd());
const text = lines.join('\n') + '\n';
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, text);
console.log(text);
