/**
 * A short-lived, per-instance cache of serialized read models (campaign detail and lists): the read path that a
 * group of 500 neighbours hits in the same minute. Entries live at most `ttlMs` (so another instance's writes
 * show within that time), concurrent misses share one load (single flight), and this instance's own writes
 * drop the entries they affect at once (invalidate), so a neighbour sees their own join immediately.
 * Nothing here is state another instance needs.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export class ReadCache<T = string> {
  private readonly entries = new Map<string, { expires: number; value: Promise<T>; settled?: T }>();

  constructor(private readonly ttlMs: number, private readonly maxEntries = 2000, private readonly now: () => number = () => performance.now()) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > t) return hit.value;
    const value = load();
    const entry: { expires: number; value: Promise<T>; settled?: T } = { expires: t + this.ttlMs, value };
    this.entries.set(key, entry);
    value.then((v) => { entry.settled = v; }, () => undefined);
    // A failed load is not cached: the next request tries again.
    value.catch(() => { if (this.entries.get(key)?.value === value) this.entries.delete(key); });
    if (this.entries.size > this.maxEntries) this.evictExpired(t);
    return value;
  }

  /** The loaded value when it is fresh, without loading: for callers that answer a hit synchronously. */
  peek(key: string): T | undefined {
    const hit = this.entries.get(key);
    return hit && hit.expires > this.now() ? hit.settled : undefined;
  }

  /** Drops one key, or every key starting with `prefix` when it ends with '*'. */
  invalidate(key: string): void {
    if (!key.endsWith('*')) { this.entries.delete(key); return; }
    const prefix = key.slice(0, -1);
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  clear(): void { this.entries.clear(); }

  private evictExpired(t: number): void {
    for (const [k, e] of this.entries) if (e.expires <= t) this.entries.delete(k);
    // Still too many: drop the oldest insertions (Map keeps insertion order).
    for (const k of this.entries.keys()) { if (this.entries.size <= this.maxEntries) break; this.entries.delete(k); }
  }
}

/** Bodies smaller than this go uncompressed: gzip would save less than a packet. */
const GZIP_MIN_BYTES = 1024;

/**
 * An answer already serialized (a cached read model): the complete `{"data":…}` body as UTF-8 bytes, its ETag,
 * and, made once on first use, its gzip form. Encoding, hashing and compressing happen once per cache fill
 * (at most once a second per campaign), not once per request: the HTTP layer only picks the bytes to send.
 */
export class RawJson {
  readonly body: Buffer;
  readonly etag: string;
  private gzipped: Buffer | null | undefined;

  constructor(json: string) {
    this.body = Buffer.from(`{"data":${json}}`, 'utf8');
    this.etag = `"${createHash('sha1').update(this.body).digest('base64url')}"`;
  }

  /** The gzip form, or null when the body is too small to be worth it. */
  gzip(): Buffer | null {
    if (this.gzipped === undefined) this.gzipped = this.body.length >= GZIP_MIN_BYTES ? gzipSync(this.body) : null;
    return this.gzipped;
  }
}
