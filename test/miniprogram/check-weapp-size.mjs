#!/usr/bin/env node
/**
 * `npm run check:weapp-size`: the WeChat package limits, checked on dist/weapp (run `npm run build:weapp`
 * first). WeChat refuses to upload a main package over 2 MB, any sub-package over 2 MB, or more than 20 MB in all.
 * The main package is everything outside the sub-package roots listed in dist/weapp/app.json. Prints each size
 * and exits 1 when a limit is crossed or the build is missing.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const dist = path.join(root, 'dist', 'weapp');
const MB = 1024 * 1024;
const LIMITS = { main: 2 * MB, sub: 2 * MB, total: 20 * MB };
// Developer-tool settings, not part of the uploaded code package.
const NOT_UPLOADED = new Set(['project.config.json', 'project.private.config.json']);

function sizeOf(dir, skip = () => false) {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip(full)) continue;
    if (entry.isDirectory()) bytes += sizeOf(full, skip);
    else if (entry.isFile()) bytes += fs.statSync(full).size;
  }
  return bytes;
}

const fmt = (b) => (b >= MB ? `${(b / MB).toFixed(2)} MB` : `${(b / 1024).toFixed(1)} KB`);

const appJson = path.join(dist, 'app.json');
if (!fs.existsSync(appJson)) {
  console.error('dist/weapp/app.json not found: run `npm run build:weapp` first');
  process.exit(1);
}
const app = JSON.parse(fs.readFileSync(appJson, 'utf8'));
const subRoots = (app.subPackages ?? app.subpackages ?? []).map((s) => path.join(dist, s.root.replace(/\/+$/, '')));

const isSub = (p) => subRoots.some((r) => p === r || p.startsWith(r + path.sep));
const main = sizeOf(dist, (p) => isSub(p) || (path.dirname(p) === dist && NOT_UPLOADED.has(path.basename(p))));
const subs = subRoots.map((r) => ({ name: path.relative(dist, r), bytes: fs.existsSync(r) ? sizeOf(r) : 0 }));
const total = main + subs.reduce((s, x) => s + x.bytes, 0);

const problems = [];
console.log(`weapp main package: ${fmt(main)} (limit ${fmt(LIMITS.main)}, ${((main / LIMITS.main) * 100).toFixed(1)}%)`);
if (main > LIMITS.main) problems.push(`main package ${fmt(main)} is over ${fmt(LIMITS.main)}`);
for (const s of subs) {
  console.log(`  sub-package ${s.name}/: ${fmt(s.bytes)}`);
  if (s.bytes > LIMITS.sub) problems.push(`sub-package ${s.name}/ ${fmt(s.bytes)} is over ${fmt(LIMITS.sub)}`);
}
console.log(`  total: ${fmt(total)} (limit ${fmt(LIMITS.total)})`);
if (total > LIMITS.total) problems.push(`total ${fmt(total)} is over ${fmt(LIMITS.total)}`);

if (problems.length) {
  for (const p of problems) console.error(`FAIL: ${p}`);
  process.exit(1);
}
