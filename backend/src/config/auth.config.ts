import { registerAs } from '@nestjs/config';
import { parseAppSettings } from './app.config';
import { RawEnv, readEnum, readInt } from './env.validation';

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
}

export function parseAuthSettings(env: RawEnv): AuthSettings {
  return {
    demoSeed: readEnum(env, 'DEMO_SEED', ['auto', 'off'] as const, 'auto'),
    loginFailuresPerEmail: readInt(env, 'LOGIN_FAILURES_PER_EMAIL', 5, 1, 1_000_000),
    loginFailuresPerIp: readInt(env, 'LOGIN_FAILURES_PER_IP', 20, 1, 1_000_000),
    loginWindowSeconds: readInt(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86400),
    passwordHashCost: readInt(env, 'PASSWORD_HASH_COST', 17, parseAppSettings(env).nodeEnv === 'production' ? 17 : 10, 18),
    apiKeyCacheSeconds: readInt(env, 'API_KEY_CACHE_SECONDS', 5, 0, 60),
  };
}

export const authConfig = registerAs('auth', () => parseAuthSettings(process.env));
