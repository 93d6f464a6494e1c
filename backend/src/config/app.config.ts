import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { registerAs } from '@nestjs/config';
import { ConfigError } from './config.error';
import { RawEnv, readEnum, readInt, readString, readUrl } from './env.validation';

export type NodeEnv = 'development' | 'production' | 'test';

export interface AppSettings {
  nodeEnv: NodeEnv;
  port: number;
  /** Public origin of the app: used for OAuth redirect URIs and the Origin check, never derived from Host. */
  appUrl: string;
  dataDir: string;
  logLevel: string;
  /** Write logs to this file instead of stdout (the test run scans it for leaked secrets). */
  logFile: string | undefined;
  /** `LOG_FORMAT=auto` (default): readable lines on a terminal, JSON when stdout is a pipe or file. */
  logFormat: 'pretty' | 'json';
  sessionTtlHours: number;
  /** Upper bound for every call to a provider (token exchange, profile, revocation). */
  providerTimeoutMs: number;
  /** How long a started connect flow may take before it expires. */
  flowTtlSeconds: number;
  /** Directory holding the built SPA; absent in API-only test runs. */
  spaDir: string;
  /** Express `trust proxy`: which hops may set X-Forwarded-For, so the sign-in limit sees the client's IP. */
  trustProxy: false | number | string[];
  /** After SIGTERM: the longest the drain may take before the process exits anyway. */
  shutdownTimeoutMs: number;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** `false` (default), a number of hops, or addresses/subnets/names of the proxies in front of the app. */
function readTrustProxy(env: RawEnv): AppSettings['trustProxy'] {
  const raw = readString(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !PROXY_NAMES.includes(entry) && !isIP(entry.split('/')[0]));
  if (bad !== undefined) {
    throw new ConfigError(
      'TRUST_PROXY',
      `expected false, a number of hops, or proxy addresses/subnets (${PROXY_NAMES.join(', ')}), got "${bad}"`,
    );
  }
  return entries;
}

function readLogFormat(env: RawEnv, stdoutIsTerminal = process.stdout.isTTY === true): AppSettings['logFormat'] {
  const format = readEnum(env, 'LOG_FORMAT', ['auto', 'pretty', 'json'] as const, 'auto');
  if (format !== 'auto') return format;
  return stdoutIsTerminal ? 'pretty' : 'json';
}

export function parseAppSettings(env: RawEnv): AppSettings {
  const port = readInt(env, 'PORT', 3000, 0, 65535);
  return {
    nodeEnv: readEnum(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    port,
    appUrl: readUrl(env, 'APP_URL', `http://localhost:${port}`) as string,
    dataDir: resolve(readString(env, 'DATA_DIR', './data') as string),
    logLevel: readEnum(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    logFile: readString(env, 'LOG_FILE'),
    logFormat: readLogFormat(env),
    sessionTtlHours: readInt(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    providerTimeoutMs: readInt(env, 'PROVIDER_TIMEOUT_MS', 10_000, 100, 120_000),
    flowTtlSeconds: readInt(env, 'OAUTH_FLOW_TTL_SECONDS', 600, 5, 3600),
    trustProxy: readTrustProxy(env),
    shutdownTimeoutMs: readInt(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    spaDir: resolve(readString(env, 'SPA_DIR', resolve(__dirname, '../../../../frontend/dist')) as string),
  };
}

export const appConfig = registerAs('app', () => parseAppSettings(process.env));
