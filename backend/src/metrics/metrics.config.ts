import { registerAs } from '@nestjs/config';
import { ConfigError } from '../config/config.error';
import { RawEnv, readInt, readString } from '../config/env.validation';

export interface MetricsSettings {
  /** A listener of its own for `/metrics` (keep it off the public network); null = none. */
  port: number | null;
  /** Bearer token for `/metrics` on the main port; without it the main port answers 404 there. */
  token: string | null;
}

const MIN_TOKEN_LENGTH = 16;

/** Metrics are never public by default: neither a port nor a token means no `/metrics` anywhere. */
export function parseMetricsSettings(env: RawEnv): MetricsSettings {
  const port = readInt(env, 'METRICS_PORT', 0, 0, 65535);
  const token = readString(env, 'METRICS_TOKEN') ?? null;
  if (token !== null && token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError('METRICS_TOKEN', `must have at least ${MIN_TOKEN_LENGTH} characters (openssl rand -hex 24)`);
  }
  return { port: port === 0 ? null : port, token };
}

export const metricsConfig = registerAs('metrics', () => parseMetricsSettings(process.env));
