import { registerAs } from '@nestjs/config';
import { RawEnv, readInt, readString } from '../config/env.validation';
import { parseSandboxSettings } from '../config/sandbox.config';
import { parseProvidersSettings } from '../integrations/providers/providers.config';

export interface FacebookSettings {
  /** Signs webhooks (X-Hub-Signature-256) and deauthorize requests; the sandbox's secret when sandboxed. */
  appSecret: string | undefined;
  /** Echoed in the webhook subscription handshake. */
  verifyToken: string;
  /** How often the backfill poll looks for leads whose webhook never arrived; 0 turns the poll off. */
  backfillIntervalSeconds: number;
}

export function parseFacebookSettings(env: RawEnv): FacebookSettings {
  const provider = parseProvidersSettings(env)['facebook-lead-ads'];
  return {
    appSecret: provider.mode === 'unconfigured' ? undefined : provider.clientSecret,
    verifyToken:
      readString(env, 'FACEBOOK_VERIFY_TOKEN', parseSandboxSettings(env).enabled ? 'aurora-sandbox-verify' : undefined) ?? '',
    backfillIntervalSeconds: readInt(env, 'FACEBOOK_BACKFILL_INTERVAL_SECONDS', 300, 0, 86_400),
  };
}

export const facebookConfig = registerAs('facebook', () => parseFacebookSettings(process.env));
