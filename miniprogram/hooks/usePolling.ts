/**
 * Calls `tick` every `intervalMs` while the page is on screen (live progress, 接龙 list), and not at all while
 * it is hidden behind another page or the app is in the background: no requests nobody looks at.
 */
import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';

export function usePolling(tick: () => unknown, intervalMs: number, enabled = true): void {
  const [visible, setVisible] = useState(true);
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));
  useEffect(() => {
    if (!enabled || !visible) return undefined;
    const timer = setInterval(() => { void tickRef.current(); }, intervalMs);
    return () => clearInterval(timer);
  }, [enabled, visible, intervalMs]);
}
