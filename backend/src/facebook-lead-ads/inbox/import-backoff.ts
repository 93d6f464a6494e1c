/** Retry schedules of the inbox workers; pure, so the jitter bounds are unit-tested. */

const SECOND = 1000;

export interface Backoff {
  baseMs: number;
  capMs: number;
}

/** Facebook or the network failed for a moment. */
export const TRANSIENT: Backoff = { baseMs: 5 * SECOND, capMs: 3600 * SECOND };
/** Graph says we call too often (codes 4, 17, 32, 613, 800xx): Meta's windows are about an hour at most. */
export const RATE_LIMITED: Backoff = { baseMs: 60 * SECOND, capMs: 900 * SECOND };
/** Someone has to act (Leads Access Manager, a reconnect): retried slowly, and at once when the form is saved again. */
export const WAITING_FOR_ACCESS: Backoff = { baseMs: 300 * SECOND, capMs: 3600 * SECOND };

/**
 * Exponential with "equal jitter": between half and all of `base · 2^(attempt-1)`, capped. Spreads the
 * retries of a thousand leads that failed together instead of sending them back in one burst.
 */
export function backoffMs(attempt: number, schedule: Backoff, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(schedule.capMs, schedule.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
