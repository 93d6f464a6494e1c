import { registerAs } from '@nestjs/config';
import { parseAppSettings } from '../config/app.config';
import { ConfigError } from '../config/config.error';
import { RawEnv, readInt, readString } from '../config/env.validation';

export interface WebhooksSettings {
  /** Wait before each retry of a failed delivery; once it is used up the endpoint is disabled. */
  retryScheduleMs: number[];
  /** Upper bound for one delivery attempt, connect to last byte. */
  timeoutMs: number;
  /** How often each instance looks for new events and due deliveries. */
  pollIntervalMs: number;
  /** How long attempts (and finished deliveries) stay visible in the delivery log. */
  retentionHours: number;
  /**
   * Production: endpoints must be https and resolve to public addresses only (no SSRF into the private
   * network); development and test runs may target local receivers.
   */
  publicHttpsOnly: boolean;
}

/** About 24 h in total: the first retries come within a minute, the last ones hours apart. */
const DEFAULT_SCHEDULE = '5s,30s,2m,10m,30m,1h,2h,4h,8h,8h';
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `5s,30s,2m,1h` → milliseconds; every step between 10 ms and 24 h. */
export function parseRetrySchedule(raw: string, name = 'WEBHOOK_RETRY_SCHEDULE'): number[] {
  const steps = raw.split(',').map((step) => step.trim());
  return steps.map((step) => {
    const match = /^(\d+)(ms|s|m|h)$/.exec(step);
    const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : NaN;
    if (!(ms >= 10 && ms <= 86_400_000)) {
      throw new ConfigError(name, `expected comma-separated durations from 10ms to 24h such as 5s,30s,2m,1h, got "${step}"`);
    }
    return ms;
  });
}

export function parseWebhooksSettings(env: RawEnv): WebhooksSettings {
  return {
    retryScheduleMs: parseRetrySchedule(readString(env, 'WEBHOOK_RETRY_SCHEDULE', DEFAULT_SCHEDULE) as string),
    timeoutMs: readInt(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    pollIntervalMs: readInt(env, 'WEBHOOK_POLL_INTERVAL_MS', 1000, 20, 60_000),
    retentionHours: readInt(env, 'WEBHOOK_RETENTION_HOURS', 7 * 24, 1, 90 * 24),
    publicHttpsOnly: parseAppSettings(env).nodeEnv === 'production',
  };
}

export const webhooksConfig = registerAs('webhooks', () => parseWebhooksSettings(process.env));
