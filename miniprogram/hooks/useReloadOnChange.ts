/**
 * useRemote loads once when the page opens; a list whose query changes afterwards (a tab, a filter, a version
 * bumped after an action) calls this with the values the query depends on, and it reloads when they change —
 * not on the first render, which useRemote has already loaded.
 */
import { useEffect, useRef } from 'react';

export function useReloadOnChange(reload: () => Promise<void>, deps: readonly unknown[]): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's query values are the dependencies
  }, deps);
}
