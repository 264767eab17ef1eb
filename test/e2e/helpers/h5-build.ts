/**
 * The e2e tests drive the real h5 build that the server serves from dist/h5. CI builds it before the tests
 * (.ci/run), so there this is a no-op; locally it rebuilds when dist/h5 is missing or older than any source
 * it is made from, so `npm test` never tests a stale app. A lock keeps two jest workers from building at once.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const H5_DIR = path.join(ROOT, 'dist', 'h5');
const H5_INDEX = path.join(H5_DIR, 'index.html');
const INPUTS = ['miniprogram', 'shared', 'config/index.ts', 'config/dev.ts', 'config/prod.ts', 'package.json'];

function newestMtime(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file shows as a newer directory
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Why dist/h5 must be (re)built, or null when it is up to date. */
export function h5BuildStaleness(): string | null {
  if (!fs.existsSync(H5_INDEX)) return 'dist/h5 is missing';
  const built = fs.statSync(H5_INDEX).mtimeMs;
  const changed = INPUTS.find((p) => newestMtime(path.join(ROOT, p)) > built);
  return changed ? `${changed} changed since dist/h5 was built` : null;
}

function runBuild(): Promise<void> {
  const taro = require.resolve('@tarojs/cli/bin/taro', { paths: [ROOT] });
  return new Promise((resolve, reject) => {
    // NODE_ENV=production: jest runs with NODE_ENV=test, which must not leak into the build.
    const child = spawn(process.execPath, [taro, 'build', '--type', 'h5'], {
      cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const keep = (b: Buffer) => { out = (out + b.toString()).slice(-8000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && fs.existsSync(H5_INDEX)) resolve();
      else reject(new Error(`h5 build failed (exit ${code}):\n${out}`));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function ensureH5Build(log: (msg: string) => void = () => undefined): Promise<void> {
  const lock = path.join(os.tmpdir(), `linli-h5-build-${crypto.createHash('sha1').update(ROOT).digest('hex').slice(0, 10)}.lock`);
  for (;;) {
    const why = h5BuildStaleness();
    if (!why) return;
    try {
      fs.mkdirSync(lock); // atomic: only one process gets it
    } catch {
      // Someone else is building; a lock older than 10 minutes is left from a killed run.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(1000);
      continue;
    }
    try {
      if (!h5BuildStaleness()) return;
      log(`building h5 for the e2e tests: ${why}`);
      const started = Date.now();
      await runBuild();
      log(`h5 built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}
