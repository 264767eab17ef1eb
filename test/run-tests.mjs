#!/usr/bin/env node
/**
 * `npm test`: unit tests once, then the integration suite on SQLite (always) and on MySQL/MariaDB (when
 * TEST_DATABASE_URL is set or a server answers on 127.0.0.1:3306). Prints which databases it ran on and a
 * closing "N passed, N failed" line. REQUIRE_MARIADB=1 (CI) makes a skipped MariaDB run a failure.
 * Extra arguments go to jest (e.g. `npm test -- -t "campaign"`).
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const extra = process.argv.slice(2);
const jestBin = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const runId = `${process.pid}`;
const totals = { passed: 0, failed: 0, skipped: 0 };
const report = [];

function probe(host, port, ms = 800) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(ms, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function runJest(label, dirs, env) {
  const out = path.join(os.tmpdir(), `linli-jest-${runId}-${label.replace(/\W+/g, '_')}.json`);
  console.log(`\n=== ${label} ===`);
  const args = [jestBin, '--config', 'test/jest.config.js', '--json', `--outputFile=${out}`, ...dirs, ...extra];
  if (!extra.some((a) => a.startsWith('--maxWorkers') || a === '-i' || a === '--runInBand')) args.push('--maxWorkers=2');
  const res = spawnSync(process.execPath, args, {
    cwd: root, stdio: 'inherit', env: { ...process.env, ...env, LINLI_TEST_RUN: runId, NODE_ENV: 'test' },
  });
  let passed = 0, failed = 0, skipped = 0, suitesFailed = 0;
  try {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed = r.numPassedTests; failed = r.numFailedTests; skipped = r.numPendingTests + (r.numTodoTests ?? 0);
    suitesFailed = r.numFailedTestSuites;
    fs.rmSync(out, { force: true });
  } catch { /* jest crashed before writing results */ }
  const ok = res.status === 0;
  if (!ok && failed === 0) failed = Math.max(1, suitesFailed);
  totals.passed += passed; totals.failed += failed; totals.skipped += skipped;
  report.push(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${ok ? '' : ' (FAILED)'}`);
  return ok;
}

let ok = true;
const only = process.env.TEST_ONLY; // unit | sqlite | mysql | e2e (for quick local loops)
const wants = (s) => !only || only.split(',').includes(s);

if (wants('unit')) ok = runJest('unit', ['test/unit'], {}) && ok;
if (wants('sqlite')) ok = runJest('integration on SQLite', ['test/integration'], { TEST_DB: 'sqlite' }) && ok;

let mysqlUrl = process.env.TEST_DATABASE_URL;
if (!mysqlUrl && (await probe('127.0.0.1', 3306))) mysqlUrl = 'mysql://root@127.0.0.1:3306/';
const databases = wants('sqlite') ? ['SQLite'] : [];
if (wants('mysql')) {
  if (mysqlUrl) {
    ok = runJest('integration on MySQL/MariaDB', ['test/integration'], { TEST_DB: 'mysql', TEST_DATABASE_URL: mysqlUrl }) && ok;
    databases.push(`MySQL/MariaDB (${mysqlUrl.replace(/\/\/[^@]*@/, '//')})`);
  } else {
    report.push('integration on MySQL/MariaDB: SKIPPED (no TEST_DATABASE_URL and nothing on 127.0.0.1:3306)');
    if (process.env.REQUIRE_MARIADB === '1') { ok = false; totals.failed += 1; report.push('REQUIRE_MARIADB=1 but the MariaDB run was skipped'); }
  }
}
if (wants('e2e') && fs.existsSync(path.join(root, 'test', 'e2e')) && process.env.SKIP_E2E !== '1') {
  ok = runJest('end-to-end in Chromium', ['test/e2e'], { TEST_DB: 'sqlite' }) && ok;
}

console.log('\n=== summary ===');
for (const line of report) console.log(line);
console.log(`databases: ${databases.join(', ') || 'none'}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
