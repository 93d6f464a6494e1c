/** What one instance knows of a key's current window. */
export interface WindowBucket {
  windowStart: number;
  /** The window's counter after this instance's last claim: every instance's claims so far, at least. */
  claimedTotal: number;
  /** Requests this instance has claimed and not yet let through. */
  unspent: number;
  /** The claim under way, which concurrent requests of the key wait for instead of claiming again. */
  claiming?: Promise<void>;
}

/** Per-key buckets of the current window; a bucket of an ended window is replaced, and pruned when many pile up. */
export class RateWindowBuckets {
  private readonly buckets = new Map<string, WindowBucket>();

  constructor(private readonly pruneAbove = 10_000) {}

  get(apiKeyId: string, windowStart: number): WindowBucket {
    const known = this.buckets.get(apiKeyId);
    if (known?.windowStart === windowStart) return known;
    if (this.buckets.size >= this.pruneAbove) this.prune(windowStart);
    const bucket: WindowBucket = { windowStart, claimedTotal: 0, unspent: 0 };
    this.buckets.set(apiKeyId, bucket);
    return bucket;
  }

  /** Every key shares the window length, so a bucket of an earlier window start belongs to an ended window. */
  private prune(currentWindowStart: number): void {
    for (const [id, bucket] of this.buckets) if (bucket.windowStart < currentWindowStart) this.buckets.delete(id);
  }
}
