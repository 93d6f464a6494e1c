import { registerAs } from '@nestjs/config';
import { parseAppSettings } from './app.config';
import { RawEnv, readBoolean, readEnum, readInt, readString, readUrl } from './env.validation';

export interface SandboxSettings {
  /** Whether providers without real credentials are served by the local sandbox. */
  enabled: boolean;
  port: number;
  /** Origin the app uses to reach the sandbox (and the browser to open its consent page). */
  url: string;
  coop: boolean;
  /** Shared secret the sandbox expects from the app for every provider client it stands in for. */
  clientSecret: string;
}

/** `auto` = on everywhere except production: a fresh checkout can connect something without accounts. */
export function parseSandboxSettings(env: RawEnv): SandboxSettings {
  const mode = readEnum(env, 'SANDBOX', ['auto', 'on', 'off'] as const, 'auto');
  const nodeEnv = parseAppSettings(env).nodeEnv;
  const port = readInt(env, 'SANDBOX_PORT', 4010, 0, 65535);
  return {
    enabled: mode === 'on' || (mode === 'auto' && nodeEnv !== 'production'),
    port,
    url: readUrl(env, 'SANDBOX_URL', `http://127.0.0.1:${port}`) as string,
    coop: readBoolean(env, 'SANDBOX_COOP', false),
    clientSecret: readString(env, 'SANDBOX_CLIENT_SECRET', 'sandbox-client-secret') as string,
  };
}

export const sandboxConfig = registerAs('sandbox', () => parseSandboxSettings(process.env));
