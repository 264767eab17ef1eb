import Taro, { usePullDownRefresh } from '@tarojs/taro';

/** Pull-down refresh on pages that enable it in their config: reload, then fold the spinner away. */
export function usePullRefresh(reload: () => Promise<void>): void {
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
}
