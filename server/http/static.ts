/**
 * Serves the mini-program's h5 build (dist/h5) at `/`, so `npm start` shows the product in a browser. Unknown
 * non-API paths fall back to index.html (the h5 router handles them). Hashed assets are cached for a year, and
 * sent brotli'd or gzipped, precompressed at build time.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import serve from 'koa-static';
import type { AppState } from './state';

export function h5Static(root: string, whileMissing?: () => string | null): Middleware<AppState> {
  const index = path.join(root, 'index.html');
  const assets = serve(root, {
    index: 'index.html',
    maxage: 0,
    // The build writes a .br and a .gz beside each larger file (config/index.ts); koa-static sends the one the
    // caller accepts, and filePath is then that file.
    setHeaders: (res, filePath) => {
      const file = filePath.replace(/\.(br|gz)$/, '');
      if (file !== filePath || /\.(js|css|html|svg)$/.test(file)) res.setHeader('Vary', 'Accept-Encoding');
      if (/\.[0-9a-f]{8,}\.(js|css|png|svg|jpg|woff2?)$/.test(file) || file.includes(`${path.sep}static${path.sep}`)) {
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      }
    },
  }) as unknown as Middleware<AppState>;
  return async function h5(ctx, next) {
    if (ctx.path.startsWith('/api/') || ctx.path === '/healthz' || ctx.path === '/readyz') return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const placeholder = !fs.existsSync(index) ? whileMissing?.() : null;
    if (placeholder && !path.extname(ctx.path)) {
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = placeholder;
      return;
    }
    await assets(ctx, next);
    if ((ctx.status === 404 && ctx.body === undefined) && !path.extname(ctx.path) && fs.existsSync(index)) {
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = fs.createReadStream(index);
      ctx.status = 200;
    }
  };
}
