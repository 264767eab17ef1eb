/**
 * Seconds left, ticking every second, from a server-computed `secondsLeft` (the server's clock, not the phone's,
 * which may be minutes off). Only the time elapsed since the answer arrived comes from the phone. A new value
 * from the server (a refresh) restarts the count from it.
 */
import { useEffect, useState } from 'react';

export function useCountdown(secondsLeft: number | null | undefined): number | null {
  const [left, setLeft] = useState<number | null>(secondsLeft ?? null);
  useEffect(() => {
    if (secondsLeft === null || secondsLeft === undefined) {
      setLeft(null);
      return undefined;
    }
    const anchor = Date.now();
    const compute = () => Math.max(0, secondsLeft - Math.floor((Date.now() - anchor) / 1000));
    setLeft(compute());
    if (secondsLeft <= 0) return undefined;
    const timer = setInterval(() => {
      const next = compute();
      setLeft(next);
      if (next <= 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [secondsLeft]);
  return left;
}

/** Seconds until an ISO time by the phone's clock: for order expiry, which the server gives only as a time. */
export function secondsUntil(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? null : Math.max(0, Math.floor((t - Date.now()) / 1000));
}
