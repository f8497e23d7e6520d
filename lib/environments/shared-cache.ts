// A small cache where concurrent callers share one computation per key and its result for `ttlMs`:
// 200 viewers polling cause at most one database read per environment per interval.
export class SharedCache<T> {
  private readonly entries = new Map<string, { promise: Promise<T>; expiresAt: number }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return entry.promise;
    const promise = compute();
    // Until it settles the entry never expires, so slow reads are shared rather than repeated.
    const fresh = { promise, expiresAt: Number.POSITIVE_INFINITY };
    this.entries.set(key, fresh);
    promise.then(
      () => (fresh.expiresAt = Date.now() + this.ttlMs),
      () => this.entries.get(key) === fresh && this.entries.delete(key),
    );
    return promise;
  }

  /** A computation for `key` is still running. */
  isPending(key: string): boolean {
    return this.entries.get(key)?.expiresAt === Number.POSITIVE_INFINITY;
  }

  invalidate(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }
}
