/** Throughput and latency percentiles from a list of request latencies (ms) measured over `measureMs`. */
export interface Summary { count: number; perSecond: number; p50: number; p99: number; max: number }

export function summarise(latencies: number[], measureMs: number): Summary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { count: sorted.length, perSecond: Math.round((sorted.length / measureMs) * 1000), p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1] ?? 0) };
}
