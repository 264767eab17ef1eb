/** Production (`taro build` without --watch). */
import type { UserConfigExport } from '@tarojs/cli';

export default {
  defineConstants: {
    // The weapp's API origin (must be a request domain configured in the WeChat console). h5 ignores it.
    LINLI_API_BASE: JSON.stringify(process.env.LINLI_API_BASE ?? 'http://127.0.0.1:3000'),
  },
  mini: {},
  h5: {
    // No source maps shipped to browsers; nothing to gain for users.
    enableSourceMap: false,
  },
} satisfies UserConfigExport<'webpack5'>;
