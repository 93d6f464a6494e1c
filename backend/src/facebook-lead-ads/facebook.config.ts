import { registerAs } from '@nestjs/config';
import { ConfigError } from '../config/config.error';
import type { CadenceSettings } from './backfill-cadence';
import { RawEnv, readBoolean, readInt, readString } from '../config/env.validation';
import { parseSandboxSettings } from '../config/sandbox.config';
import { NEWEST_GRAPH_VERSION } from '../integrations/catalog/facebook-graph-versions';
import { parseProvidersSettings } from '../integrations/providers/providers.config';

export interface FacebookSettings {
  /** Signs webhooks (X-Hub-Signature-256) and deauthorize requests; the sandbox's secret when sandboxed. */
  appSecret: string | undefined;
  /** Echoed in the webhook subscription handshake. */
  verifyToken: string;
  /** How often the backfill poller looks for forms due a pass (leads whose webhook never arrived); 0 turns it off. */
  backfillIntervalSeconds: number;
  /** Each form's own spacing between passes, adapted to its leads and errors (backfill-cadence.ts). */
  backfillCadence: CadenceSettings;
  /** Leads from Meta's Lead Ads Testing Tool are stored flagged as test; `true` also tells services (`lead.received`). */
  testLeadsToServices: boolean;
  /** `FACEBOOK_GRAPH_VERSION`, for the start-up end-of-life warning. */
  graphVersion: string;
  /** How often each instance looks for due inbox rows (intake also wakes its own instance at once). */
  inboxPollMs: number;
  /** How long a claimed row stays with its worker; after that (a crashed instance) any worker takes it. */
  inboxLeaseSeconds: number;
  /** Leads one instance imports side by side. */
  inboxWorkers: number;
}

export function parseFacebookSettings(env: RawEnv): FacebookSettings {
  const provider = parseProvidersSettings(env)['facebook-lead-ads'];
  const verifyToken =
    readString(env, 'FACEBOOK_VERIFY_TOKEN', parseSandboxSettings(env).enabled ? 'aurora-sandbox-verify' : undefined) ?? '';
  // Against the real Meta an empty verify token would make the subscription check unpassable and the
  // webhooks silently never arrive; the app secret is enforced with the client id (providers config).
  if (provider.mode === 'real' && verifyToken === '') {
    throw new ConfigError('FACEBOOK_VERIFY_TOKEN', 'is required when FACEBOOK_CLIENT_ID is set (Meta’s webhook check echoes it)');
  }
  return {
    appSecret: provider.mode === 'unconfigured' ? undefined : provider.clientSecret,
    verifyToken,
    backfillIntervalSeconds: readInt(env, 'FACEBOOK_BACKFILL_INTERVAL_SECONDS', 60, 0, 86_400),
    backfillCadence: parseCadence(env),
    testLeadsToServices: readBoolean(env, 'FACEBOOK_TEST_LEADS_TO_SERVICES', false),
    graphVersion: readString(env, 'FACEBOOK_GRAPH_VERSION', NEWEST_GRAPH_VERSION) as string,
    inboxPollMs: readInt(env, 'FACEBOOK_INBOX_POLL_MS', 1000, 50, 60_000),
    inboxLeaseSeconds: readInt(env, 'FACEBOOK_INBOX_LEASE_SECONDS', 120, 1, 3600),
    inboxWorkers: readInt(env, 'FACEBOOK_INBOX_WORKERS', 8, 1, 64),
  };
}

/** A form is polled no more often than the floor, every few minutes while it has leads, hourly when quiet. */
function parseCadence(env: RawEnv): CadenceSettings {
  const minSeconds = readInt(env, 'FACEBOOK_BACKFILL_MIN_SECONDS', 120, 30, 86_400);
  const activeSeconds = readInt(env, 'FACEBOOK_BACKFILL_ACTIVE_SECONDS', 300, 30, 86_400);
  const quietSeconds = readInt(env, 'FACEBOOK_BACKFILL_QUIET_SECONDS', 3600, 30, 86_400);
  if (activeSeconds < minSeconds) {
    throw new ConfigError('FACEBOOK_BACKFILL_ACTIVE_SECONDS', `must be at least FACEBOOK_BACKFILL_MIN_SECONDS (${minSeconds})`);
  }
  if (quietSeconds < activeSeconds) {
    throw new ConfigError(
      'FACEBOOK_BACKFILL_QUIET_SECONDS',
      `must be at least FACEBOOK_BACKFILL_ACTIVE_SECONDS (${activeSeconds})`,
    );
  }
  return { minSeconds, activeSeconds, quietSeconds };
}

export const facebookConfig = registerAs('facebook', () => parseFacebookSettings(process.env));
