import { registerAs } from '@nestjs/config';
import { RawEnv, readInt } from '../../config/env.validation';

export interface ProxySettings {
  /** Largest request body the proxy forwards; beyond it the caller gets 413 before anything is sent. */
  maxBodyBytes: number;
  /** Upper bound for one forwarded call, connect to last byte; beyond it the caller gets 504. */
  timeoutMs: number;
}

export function parseProxySettings(env: RawEnv): ProxySettings {
  return {
    maxBodyBytes: readInt(env, 'PROXY_MAX_BODY_BYTES', 1_048_576, 1, 50 * 1_048_576),
    timeoutMs: readInt(env, 'PROXY_TIMEOUT_MS', 15_000, 100, 120_000),
  };
}

export const proxyConfig = registerAs('proxy', () => parseProxySettings(process.env));
