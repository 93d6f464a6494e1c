import type { ApiKeyCaller } from './auth-user';

export interface CachedApiKey {
  caller: ApiKeyCaller;
  expiresAt: number;
  /** When last_used_at was last written (or read), so a busy key is written once a minute, not per request. */
  touchedAt: number;
}

/**
 * Recently resolved API keys by key hash (never the key itself), so a service's steady stream of requests
 * skips the lookup. Only valid keys are kept: an unknown key always reaches the database, so guessing
 * cannot fill memory. Revoking on this instance forgets the key at once; another instance serves a
 * revoked key for at most `ttlMs`. Past `maxEntries` the oldest entry goes (it is only looked up again).
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, CachedApiKey>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(keyHash: string): CachedApiKey | undefined {
    const entry = this.entries.get(keyHash);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry;
  }

  /** Keeps `caller` (unless the lifetime is 0) and returns its entry either way. */
  set(keyHash: string, caller: ApiKeyCaller, touchedAt: number): CachedApiKey {
    const entry = { caller, expiresAt: this.now() + this.ttlMs, touchedAt };
    if (this.ttlMs === 0) return entry;
    this.entries.delete(keyHash);
    this.entries.set(keyHash, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  forget(apiKeyId: string): void {
    for (const [hash, entry] of this.entries) if (entry.caller.id === apiKeyId) this.entries.delete(hash);
  }
}
