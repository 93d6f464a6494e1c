import { registerAs } from '@nestjs/config';
import { RawEnv, readEnum, readInt } from './env.validation';

export interface AuthSettings {
  demoSeed: 'auto' | 'off';
  /** Failed sign-ins per e-mail and per IP allowed within the window before 429. */
  loginFailuresPerEmail: number;
  loginFailuresPerIp: number;
  loginWindowSeconds: number;
}

export function parseAuthSettings(env: RawEnv): AuthSettings {
  return {
    demoSeed: readEnum(env, 'DEMO_SEED', ['auto', 'off'] as const, 'auto'),
    loginFailuresPerEmail: readInt(env, 'LOGIN_FAILURES_PER_EMAIL', 5, 1, 1_000_000),
    loginFailuresPerIp: readInt(env, 'LOGIN_FAILURES_PER_IP', 20, 1, 1_000_000),
    loginWindowSeconds: readInt(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86400),
  };
}

export const authConfig = registerAs('auth', () => parseAuthSettings(process.env));
