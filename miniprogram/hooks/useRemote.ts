/**
 * Loads one thing from the API and tracks the states every list page shows: loading, ready, empty, error.
 * `reload()` runs it again (retry button, pull-down refresh). An answer that arrives after the page moved on
 * or after a newer load is dropped, so a slow first request never overwrites a fresh one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isApiError } from '../services/api-error';

export type RemoteState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'empty' }
  | { status: 'error'; error: ApiError };

export interface RemoteOptions<T> {
  /** When loaded data counts as "nothing to show". */
  isEmpty?: (data: T) => boolean;
  /**
   * Treat 404 as empty. For lists whose endpoint may not be deployed yet, "nothing here" is the honest
   * answer to the user; other failures still show as errors with a retry.
   */
  notFoundAsEmpty?: boolean;
  /** Skip loading (e.g. while signed out). */
  enabled?: boolean;
}

export function useRemote<T>(load: () => Promise<T>, opts: RemoteOptions<T> = {}): RemoteState<T> & { reload: () => Promise<void> } {
  const [state, setState] = useState<RemoteState<T>>({ status: 'loading' });
  const seq = useRef(0);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const loadRef = useRef(load);
  loadRef.current = load;
  const enabled = opts.enabled !== false;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' })); // keep showing data while refreshing
    try {
      const data = await loadRef.current();
      if (mine !== seq.current) return;
      const empty = optsRef.current.isEmpty?.(data) ?? false;
      setState(empty ? { status: 'empty' } : { status: 'ready', data });
    } catch (err) {
      if (mine !== seq.current) return;
      const error = isApiError(err) ? err : new ApiError('BAD_RESPONSE', '出了点问题，请稍后再试', 0, err);
      setState(optsRef.current.notFoundAsEmpty && error.isNotFound ? { status: 'empty' } : { status: 'error', error });
    }
  }, []);

  useEffect(() => {
    if (enabled) void reload();
    return () => {
      seq.current++; // unmounted or disabled: ignore whatever is in flight
    };
  }, [enabled, reload]);

  return { ...state, reload };
}
