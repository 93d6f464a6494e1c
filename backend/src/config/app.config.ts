import { resolve } from 'node:path';
import { registerAs } from '@nestjs/config';
import { RawEnv, readEnum, readInt, readString, readUrl } from './env.validation';

export type NodeEnv = 'development' | 'production' | 'test';

export interface AppSettings {
  nodeEnv: NodeEnv;
  port: number;
  /** Public origin of the app: used for OAuth redirect URIs and the Origin check, never derived from Host. */
  appUrl: string;
  dataDir: string;
  logLevel: string;
  sessionTtlHours: number;
  /** Upper bound for every call to a provider (token exchange, profile, revocation). */
  providerTimeoutMs: number;
  /** How long a started connect flow may take before it expires. */
  flowTtlSeconds: number;
  /** Directory holding the built SPA; absent in API-only test runs. */
  spaDir: string;
}

export function parseAppSettings(env: RawEnv): AppSettings {
  const port = readInt(env, 'PORT', 3000, 0, 65535);
  return {
    nodeEnv: readEnum(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    port,
    appUrl: readUrl(env, 'APP_URL', `http://localhost:${port}`) as string,
    dataDir: resolve(readString(env, 'DATA_DIR', './data') as string),
    logLevel: readEnum(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    sessionTtlHours: readInt(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    providerTimeoutMs: readInt(env, 'PROVIDER_TIMEOUT_MS', 10_000, 100, 120_000),
    flowTtlSeconds: readInt(env, 'OAUTH_FLOW_TTL_SECONDS', 600, 5, 3600),
    spaDir: resolve(readString(env, 'SPA_DIR', resolve(__dirname, '../../../../frontend/dist')) as string),
  };
}

export const appConfig = registerAs('app', () => parseAppSettings(process.env));
