/**
 * `npm start` shows the product in a browser: outside production, if the mini-program's h5 build is missing,
 * it is built in the background while the server already answers (the API never waits for it). Until it is
 * done, `/` shows a small page that refreshes itself. Production deploys build it ahead (`npm run build:h5`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './infra/logger';

export const H5_DIR = path.resolve(__dirname, '..', 'dist', 'h5');

export function h5Missing(): boolean {
  return !fs.existsSync(path.join(H5_DIR, 'index.html'));
}

let building = false;
export const isH5Building = () => building;

export function buildH5InBackground(log: Logger): void {
  if (!h5Missing() || building) return;
  building = true;
  const started = Date.now();
  log.info('building the mini-program for the web (dist/h5) in the background; the API is already up');
  const child = spawn(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', 'h5'], {
    cwd: path.resolve(__dirname, '..'), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  child.on('exit', (code) => {
    building = false;
    if (code === 0 && !h5Missing()) log.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'h5 build ready: open / in a browser');
    else log.error({ code, stderr }, 'h5 build failed: run `npm run build:h5` to see why');
  });
}

export const BUILDING_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="3"><title>邻里 · 正在准备页面</title>
<style>body{font-family:system-ui,sans-serif;display:flex;align-items:center;justify-content:center;height:100vh;margin:0;color:#444;background:#fff8f1}
div{text-align:center}b{color:#ff6a3d;font-size:20px}</style></head>
<body><div><b>邻里团购</b><p>第一次启动，正在构建网页版，稍等片刻会自动刷新…</p><p><small>API 已就绪：<a href="/api/openapi.json">/api/openapi.json</a></small></p></div></body></html>`;
