/** ±20 %: spreads the retries of many deliveries that failed together (a receiver outage). */
const JITTER = 0.2;

/**
 * How long to wait before the next attempt after `attempts` failed ones, or null once the schedule is
 * used up (the delivery has failed for good).
 */
export function retryDelayMs(attempts: number, scheduleMs: readonly number[], random: () => number = Math.random): number | null {
  const step = scheduleMs[attempts - 1];
  if (step === undefined) return null;
  return Math.round(step * (1 - JITTER + 2 * JITTER * random()));
}
