import type { AuthSettings } from '../config';
import type { HousekeepingSettings } from './housekeeping.config';

/** One kind of row that is only kept for a while: which table, and which rows have served their time. */
export interface Sweep {
  kind: string;
  table: string;
  /** An indexed column; rows go oldest first. */
  column: string;
  /** Rows whose `column` is below this are deleted. */
  cutoff: Date | number;
}

const HOUR_MS = 3600_000;

/**
 * What housekeeping removes, as of `now`. Every cutoff keeps rows the app may still read: a login
 * attempt while its window counts, a rate window while it is current, a flow for as long as a slow tab
 * may still ask how it ended.
 */
export function sweepsAt(now: number, settings: HousekeepingSettings, auth: AuthSettings): Sweep[] {
  const rateWindowSeconds = auth.apiKeyRateLimit?.windowSeconds ?? 0;
  return [
    {
      kind: 'expired_sessions',
      table: 'sessions',
      column: 'expires_at',
      cutoff: new Date(now - settings.expiredSessionsHours * HOUR_MS),
    },
    {
      kind: 'login_attempts',
      table: 'login_attempts',
      column: 'window_started_at',
      cutoff: new Date(now - Math.max(settings.loginAttemptsHours * HOUR_MS, auth.loginWindowSeconds * 1000)),
    },
    {
      kind: 'oauth_flows',
      table: 'oauth_flows',
      column: 'expires_at',
      cutoff: new Date(now - settings.finishedFlowsHours * HOUR_MS),
    },
    {
      kind: 'api_key_rate_windows',
      table: 'api_key_rate_windows',
      column: 'window_start',
      // Unix seconds, like the column.
      cutoff: Math.floor(now / 1000) - Math.max(settings.rateWindowsHours * 3600, rateWindowSeconds),
    },
  ];
}
