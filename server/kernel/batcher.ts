/**
 * Group commit for hot rows. Requests for the same key (a campaign) queue up while one batch for that key is
 * being written; when it finishes, everything that queued meanwhile is written in the next batch, in one
 * transaction. Under no load a batch is one request and nothing waits; under load the batch grows by itself,
 * so the hot row is locked once per batch instead of once per request. Each caller still gets its own result.
 */
export type BatchResult<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<T, R> { input: T; resolve: (r: R) => void; reject: (e: unknown) => void }

export class KeyedBatcher<K, T, R> {
  private readonly queues = new Map<K, Array<Pending<T, R>>>();
  private readonly running = new Set<K>();

  constructor(
    private readonly flush: (key: K, inputs: T[]) => Promise<Array<BatchResult<R>>>,
    private readonly maxBatch = 200,
  ) {}

  submit(key: K, input: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const q = this.queues.get(key) ?? [];
      q.push({ input, resolve, reject });
      this.queues.set(key, q);
      if (!this.running.has(key)) void this.drain(key);
    });
  }

  private async drain(key: K): Promise<void> {
    this.running.add(key);
    try {
      for (;;) {
        const q = this.queues.get(key);
        if (!q || q.length === 0) break;
        const batch = q.splice(0, this.maxBatch);
        let results: Array<BatchResult<R>>;
        try {
          results = await this.flush(key, batch.map((p) => p.input));
        } catch (err) {
          results = batch.map(() => ({ ok: false, error: err }));
        }
        batch.forEach((p, i) => {
          const r = results[i] ?? { ok: false, error: new Error('batch returned no result') };
          if (r.ok) p.resolve(r.value);
          else p.reject(r.error);
        });
      }
    } finally {
      this.running.delete(key);
      if (this.queues.get(key)?.length === 0) this.queues.delete(key);
    }
  }
}
