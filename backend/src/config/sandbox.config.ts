import { randomBytes } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { registerAs } from '@nestjs/config';
import { parseAppSettings } from './app.config';
import { RawEnv, readBoolean, readEnum, readInt, readString, readUrl } from './env.validation';
import { generatedOnce } from './generated-file';

export interface SandboxSettings {
  /** Whether providers without real credentials are served by the local sandbox. */
  enabled: boolean;
  /** Why `auto` left the sandbox off although it is not production, for one line at start-up. */
  notStartedBecause: string | undefined;
  port: number;
  /** Origin the app uses to reach the sandbox (and the browser to open its consent page). */
  url: string;
  coop: boolean;
  /** Secret the sandbox expects from the app for every provider client it stands in for; also Facebook's app secret there. */
  clientSecret: string;
}

const SECRET_FILE = 'sandbox-client.secret';

/** localhost, *.localhost, 127.0.0.0/8 or [::1]: reachable from this machine only. */
export function isLoopbackOrigin(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || (isIPv4(host) && host.startsWith('127.'));
}

/**
 * `auto` = on outside production, and only while the app is reachable from this machine alone: anyone who
 * can reach a sandboxed instance can sign in at its "providers". Its secret is generated per DATA_DIR (like
 * the development token key), so no published value signs webhooks for someone else's instance.
 */
export function parseSandboxSettings(env: RawEnv): SandboxSettings {
  const mode = readEnum(env, 'SANDBOX', ['auto', 'on', 'off'] as const, 'auto');
  const app = parseAppSettings(env);
  const port = readInt(env, 'SANDBOX_PORT', 4010, 0, 65535);
  const autoOn = mode === 'auto' && app.nodeEnv !== 'production';
  const exposed = autoOn && !isLoopbackOrigin(app.appUrl);
  const enabled = mode === 'on' || (autoOn && !exposed);
  return {
    enabled,
    notStartedBecause: exposed
      ? `APP_URL (${app.appUrl}) is not a loopback origin, so SANDBOX=auto leaves it off; set SANDBOX=on to run it anyway`
      : undefined,
    port,
    url: readUrl(env, 'SANDBOX_URL', `http://127.0.0.1:${port}`) as string,
    coop: readBoolean(env, 'SANDBOX_COOP', false),
    clientSecret:
      readString(env, 'SANDBOX_CLIENT_SECRET') ??
      (enabled ? generatedOnce(app.dataDir, SECRET_FILE, () => randomBytes(32).toString('base64url')).value : ''),
  };
}

export const sandboxConfig = registerAs('sandbox', () => parseSandboxSettings(process.env));
