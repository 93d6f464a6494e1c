import { registerAs } from '@nestjs/config';
import { RawEnv, readInt } from '../config/env.validation';

export interface HousekeepingSettings {
  /** Seconds between sweeps; 0 = none here (run `npm run cli -- housekeeping` from a scheduler instead). */
  intervalSeconds: number;
  /** Rows per DELETE: each statement is its own short transaction, so no table stays locked for long. */
  batchSize: number;
  /** Pause between two batches, so a large sweep stays background work next to the requests. */
  batchPauseMs: number;
  /** How long each kind of row is kept once it is finished, in hours. */
  expiredSessionsHours: number;
  loginAttemptsHours: number;
  finishedFlowsHours: number;
  rateWindowsHours: number;
}

export function parseHousekeepingSettings(env: RawEnv): HousekeepingSettings {
  return {
    intervalSeconds: readInt(env, 'HOUSEKEEPING_INTERVAL_SECONDS', 300, 0, 86400),
    batchSize: readInt(env, 'HOUSEKEEPING_BATCH_SIZE', 500, 1, 10_000),
    batchPauseMs: readInt(env, 'HOUSEKEEPING_BATCH_PAUSE_MS', 25, 0, 10_000),
    expiredSessionsHours: readInt(env, 'RETENTION_EXPIRED_SESSIONS_HOURS', 24, 0, 24 * 365),
    loginAttemptsHours: readInt(env, 'RETENTION_LOGIN_ATTEMPTS_HOURS', 24, 1, 24 * 365),
    finishedFlowsHours: readInt(env, 'RETENTION_OAUTH_FLOWS_HOURS', 24, 1, 24 * 365),
    rateWindowsHours: readInt(env, 'RETENTION_RATE_WINDOWS_HOURS', 1, 1, 24 * 365),
  };
}

export const housekeepingConfig = registerAs('housekeeping', () => parseHousekeepingSettings(process.env));
