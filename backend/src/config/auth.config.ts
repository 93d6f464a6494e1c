import { registerAs } from '@nestjs/config';
import { parseAppSettings } from './app.config';
import { ConfigError } from './config.error';
import { RawEnv, readEnum, readInt, readString } from './env.validation';

export interface AuthSettings {
  demoSeed: 'auto' | 'off';
  /** Failed sign-ins per e-mail and per IP allowed within the window before 429. */
  loginFailuresPerEmail: number;
  loginFailuresPerIp: number;
  loginWindowSeconds: number;
  /** log2 of scrypt's N for new password hashes; below 17 only outside production (fast tests). */
  passwordHashCost: number;
  /** How long an instance trusts a resolved API key; a revocation elsewhere takes effect within it. 0 = no cache. */
  apiKeyCacheSeconds: number;
  /** Requests each API key may make per fixed window, counted in the database; null = unlimited. */
  apiKeyRateLimit: ApiKeyRateLimit | null;
}

export interface ApiKeyRateLimit {
  requests: number;
  windowSeconds: number;
}

/** `600/60s` (the default), `1000/1m`, `20000/1h`, or `off`. */
function readApiKeyRateLimit(env: RawEnv): ApiKeyRateLimit | null {
  const raw = readString(env, 'API_KEY_RATE_LIMIT', '600/60s') as string;
  if (raw === 'off') return null;
  const match = /^(\d{1,9})\/(\d{1,6})([smh])$/.exec(raw);
  const requests = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]) * { s: 1, m: 60, h: 3600 }[(match?.[3] ?? 's') as 's' | 'm' | 'h'];
  if (!match || requests < 1 || windowSeconds < 1 || windowSeconds > 86400) {
    throw new ConfigError('API_KEY_RATE_LIMIT', `expected <requests>/<window> such as 600/60s, 1000/1m or off, got "${raw}"`);
  }
  return { requests, windowSeconds };
}

export function parseAuthSettings(env: RawEnv): AuthSettings {
  return {
    demoSeed: readEnum(env, 'DEMO_SEED', ['auto', 'off'] as const, 'auto'),
    loginFailuresPerEmail: readInt(env, 'LOGIN_FAILURES_PER_EMAIL', 5, 1, 1_000_000),
    loginFailuresPerIp: readInt(env, 'LOGIN_FAILURES_PER_IP', 20, 1, 1_000_000),
    loginWindowSeconds: readInt(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86400),
    passwordHashCost: readInt(env, 'PASSWORD_HASH_COST', 17, parseAppSettings(env).nodeEnv === 'production' ? 17 : 10, 18),
    apiKeyCacheSeconds: readInt(env, 'API_KEY_CACHE_SECONDS', 5, 0, 60),
    apiKeyRateLimit: readApiKeyRateLimit(env),
  };
}

export const authConfig = registerAs('auth', () => parseAuthSettings(process.env));
