/**
 * When the backfill polls a form next. Webhooks deliver leads; the backfill only catches the ones whose
 * webhook never came, so it spends Graph calls where misses are likely and sparingly elsewhere:
 *
 * - after a complete pass, a quarter of the time since the form's newest lead, between `activeSeconds`
 *   (a lead minutes ago) and `quietSeconds` (none for hours, or never);
 * - after a failed pass (Facebook down, a timeout), soon — `activeSeconds`, doubling per failure in a
 *   row up to `quietSeconds` — since the leads of that window are still to be checked;
 * - rate-limited (Graph 4/17/32/613/80001), the whole Page waits: `quietSeconds` (Meta's windows last
 *   up to an hour), doubling per strike up to a day;
 * - refused (a blocked form, a rejected token, no connection), `quietSeconds`: a person has to act,
 *   and a reconnect or unblock makes the form due at once anyway;
 * - never sooner than `minSeconds`, nor than the Page's share of Meta's LeadGen quota allows.
 *
 * Meta's LeadGen limit per Page is 200 × 24 × (leads created on the Page in the past 90 days) calls a day,
 * so a Page with one lead has 4,800. The backfill claims at most a tenth of that smallest quota, split
 * over the Page's forms, leaving the rest to the lead reads that the imports make.
 */

export interface CadenceSettings {
  minSeconds: number;
  activeSeconds: number;
  quietSeconds: number;
}

export type PassOutcome =
  | { kind: 'completed'; newestLeadAt: Date | null }
  | { kind: 'failed'; failures: number }
  | { kind: 'rate_limited'; strikes: number }
  | { kind: 'refused' };

const SECOND = 1000;
const DAY = 86_400 * SECOND;
/** Meta's daily LeadGen calls per lead of the past 90 days, and the share of them the backfill may use. */
export const LEADGEN_CALLS_PER_LEAD_PER_DAY = 200 * 24;
const BACKFILL_QUOTA_SHARE = 0.1;

export function nextBackfillDelayMs(outcome: PassOutcome, now: Date, formsOnPage: number, settings: CadenceSettings): number {
  const active = settings.activeSeconds * SECOND;
  const quiet = settings.quietSeconds * SECOND;
  return Math.max(settings.minSeconds * SECOND, quotaFloorMs(formsOnPage), delayFor(outcome, now, active, quiet));
}

function delayFor(outcome: PassOutcome, now: Date, active: number, quiet: number): number {
  switch (outcome.kind) {
    case 'completed': {
      if (!outcome.newestLeadAt) return quiet;
      const sinceLead = Math.max(0, now.getTime() - outcome.newestLeadAt.getTime());
      return clamp(sinceLead / 4, active, quiet);
    }
    case 'failed':
      return Math.min(quiet, active * 2 ** Math.min(Math.max(outcome.failures, 1) - 1, 20));
    case 'rate_limited':
      return Math.min(DAY, quiet * 2 ** Math.min(Math.max(outcome.strikes, 1) - 1, 20));
    case 'refused':
      return quiet;
  }
}

/** The least spacing between one form's passes that keeps all forms of its Page within the backfill's share. */
export function quotaFloorMs(formsOnPage: number): number {
  return Math.ceil((Math.max(formsOnPage, 1) * DAY) / (BACKFILL_QUOTA_SHARE * LEADGEN_CALLS_PER_LEAD_PER_DAY));
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
