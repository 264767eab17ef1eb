/**
 * Taro's compile config for the mini-program (config/server.ts is the server's, not this).
 * One source tree (miniprogram/) builds for WeChat (`taro build --type weapp` → dist/weapp) and for the web
 * (`--type h5` → dist/h5, which the Koa server serves at `/`). Babel's config lives in package.json ("babel");
 * the WeChat project file is miniprogram/project.config.json, which Taro copies into dist/weapp.
 */
import path from 'node:path';
import zlib from 'node:zlib';
import CompressionPlugin from 'compression-webpack-plugin';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

const root = path.resolve(__dirname, '..');
/** The repo's shared/ (money helpers, DTO types) sits outside sourceRoot; Taro only transpiles sourceRoot unless told. */
const sharedDir = path.join(root, 'shared');

export default defineConfig<'webpack5'>((merge) => {
  const target = process.env.TARO_ENV ?? 'h5';
  const isProd = process.env.NODE_ENV === 'production';

  const base: UserConfigExport<'webpack5'> = {
    projectName: 'linli',
    date: '2025-1-1',
    // Styles are written in px for a 375 px wide phone; Taro turns them into rpx (weapp) or rem (h5).
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'miniprogram',
    outputRoot: `dist/${target}`,
    plugins: [],
    defineConstants: {},
    alias: {
      '@shared': sharedDir,
    },
    // Demo pictures the seed data points at (/static/demo/*.svg). Only the web build carries them: the server
    // serves dist/h5, and WeChat loads them from the server too (see services/assets.ts), not from its package.
    copy: {
      patterns: target === 'h5' ? [{ from: 'miniprogram/static/demo/', to: `dist/h5/static/demo/` }] : [],
      options: {},
    },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      // Prebundling writes to node_modules/.taro and races on shared CI caches; the app is small enough without it.
      prebundle: { enable: false },
    },
    cache: { enable: !isProd },
    logger: { quiet: false, stats: false },
    mini: {
      compile: { include: [sharedDir] },
      // Component styles are scoped by class name (BEM), so the order pages pull them in cannot matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      // Keep modules used by only one sub-package inside that sub-package (not the main package).
      optimizeMainPackage: { enable: true },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // The server answers unknown paths with index.html, so real paths (no #) work on reload and deep links.
      router: {
        mode: 'browser',
        customRoutes: {
          '/pages/login/index': '/login',
          '/pages/campaigns/index': '/campaigns',
          '/pages/me/index': '/me',
          '/leader/pages/home/index': '/leader',
          // The server's bot and share links name these pages by their mini-program path: both forms open them.
          '/pages/campaign/index': ['/campaign', '/pages/campaign/index'],
          '/pages/checkout/index': '/checkout',
          '/pages/orders/index': '/orders',
          '/pages/order/index': ['/order', '/pages/order/index'],
          '/service/pages/after-sale/index': '/after-sale',
          '/service/pages/review/index': '/review',
          '/leader/pages/create/index': '/leader/create',
          '/leader/pages/campaign/index': '/leader/campaign',
          '/leader/pages/orders/index': '/leader/orders',
          '/leader/pages/after-sales/index': '/leader/after-sales',
          '/store/pages/home/index': '/store',
          '/admin/pages/home/index': '/admin',
          // Pages that had no short path until now also keep their long one (tabs open before, bookmarks). The
          // first path is the one the address bar shows; in-app navigation still names the mini-program path.
          '/leader/pages/earnings/index': ['/leader/earnings', '/leader/pages/earnings/index'],
          '/leader/pages/statement/index': ['/leader/statement', '/leader/pages/statement/index'],
          '/leader/pages/share/index': ['/leader/share', '/leader/pages/share/index'],
          '/leader/pages/bot/index': ['/leader/bot', '/leader/pages/bot/index'],
          '/store/pages/verify/index': ['/store/verify', '/store/pages/verify/index'],
          '/store/pages/arrivals/index': ['/store/arrivals', '/store/pages/arrivals/index'],
          '/store/pages/order/index': ['/store/order', '/store/pages/order/index'],
          '/admin/pages/catalogue/index': ['/admin/catalogue', '/admin/pages/catalogue/index'],
          '/admin/pages/product/index': ['/admin/product', '/admin/pages/product/index'],
          '/admin/pages/reports/index': ['/admin/reports', '/admin/pages/reports/index'],
          '/admin/pages/approvals/index': ['/admin/approvals', '/admin/pages/approvals/index'],
          '/admin/pages/campaigns/index': ['/admin/campaigns', '/admin/pages/campaigns/index'],
          '/admin/pages/refunds/index': ['/admin/refunds', '/admin/pages/refunds/index'],
          '/admin/pages/settlement/index': ['/admin/settlement', '/admin/pages/settlement/index'],
          '/admin/pages/statement/index': ['/admin/statement', '/admin/pages/statement/index'],
        },
      },
      // React implementations of Taro's components instead of the Stencil web components: smaller and faster.
      useHtmlComponents: true,
      compile: { include: [sharedDir] },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      webpackChain(chain) {
        // The first load is React + Taro's runtime and router: ≈ 310 KB minified, ≈ 100 KB gzipped. webpack's
        // default 244 KB hint would warn on every build; this budget warns only when the first load grows.
        chain.performance.hints('warning').maxEntrypointSize(360 * 1024).maxAssetSize(260 * 1024);
        // Taro splits only the first load (react, taro). Pages are loaded on demand, and without this each page
        // chunk carries its own copy of the shared components, hooks and services: share them once instead.
        // A phone on mobile data gets the first load gzipped or brotli'd: the files are compressed once here, and
        // the server (koa-static) sends the .br or .gz beside each file to callers that accept it.
        if (isProd) {
          const test = /\.(js|css|html|svg)$/;
          chain.plugin('gzip').use(CompressionPlugin, [{ test, algorithm: 'gzip', filename: '[path][base].gz', threshold: 1024, minRatio: 0.9 }]);
          chain.plugin('brotli').use(CompressionPlugin, [{
            test, algorithm: 'brotliCompress', filename: '[path][base].br', threshold: 1024, minRatio: 0.9,
            compressionOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } },
          }]);
        }
        chain.optimization.merge({
          splitChunks: {
            cacheGroups: {
              pageCommon: { name: 'page-common', chunks: 'async', minChunks: 2, minSize: 0, priority: 5, reuseExistingChunk: true },
            },
          },
        });
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };

  return merge({}, base, isProd ? prodConfig : devConfig);
});
