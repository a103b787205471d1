#!/usr/bin/env node
// Writes the pictures the Easy Read pages use, and only those, as SVG files in
// content/easy-read/pictures/ (`healthicons-phone.svg`), from the icon sets installed by npm
// (@iconify-json/healthicons, @iconify-json/openmoji), and removes any no page uses any more.
// Run it after adding a picture to a page: node scripts/easy-read-pictures.mjs
// The build then checks each file is there and copies the ones used into the site.
import { readFileSync, writeFileSync, readdirSync, statSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const content = join(root, 'content');
const out = join(content, 'easy-read', 'pictures');
const sets = { healthicons: null, openmoji: null };

function markdownFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

const used = new Set();
for (const file of markdownFiles(content)) {
  for (const m of readFileSync(file, 'utf8').matchAll(/!\[[^\]]*\]\((healthicons|openmoji):([a-z0-9-]+)\)/g)) {
    used.add(`${m[1]}:${m[2]}`);
  }
}
mkdirSync(out, { recursive: true });
const wanted = new Set();
for (const picture of [...used].sort()) {
  const [set, name] = picture.split(':');
  sets[set] ??= require(`@iconify-json/${set}/icons.json`);
  const data = sets[set];
  const icon = data.icons[name];
  if (!icon) {
    console.error(`easy-read-pictures: ${set} has no picture called ${name}`);
    process.exit(1);
  }
  const width = icon.width ?? data.width ?? 16;
  const height = icon.height ?? data.height ?? 16;
  const file = `${set}-${name}.svg`;
  wanted.add(file);
  writeFileSync(
    join(out, file),
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${icon.left ?? 0} ${icon.top ?? 0} ${width} ${height}">${icon.body}</svg>\n`,
  );
}
for (const file of readdirSync(out)) {
  if (file.endsWith('.svg') && !wanted.has(file)) rmSync(join(out, file));
}
console.log(`easy-read-pictures: ${wanted.size} pictures in ${out}`);
