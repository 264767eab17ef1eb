/** Development (`taro build --watch`): readable output, and the API on the local server by default. */
import type { UserConfigExport } from '@tarojs/cli';

export default {
  logger: { quiet: false, stats: false },
  defineConstants: {
    // weapp only; h5 always calls its own origin. Override with LINLI_API_BASE=https://… when building.
    LINLI_API_BASE: JSON.stringify(process.env.LINLI_API_BASE ?? 'http://127.0.0.1:3000'),
  },
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
