import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../config/config.error';
import { parseSandboxSettings } from '../config/sandbox.config';
import { parseFacebookSettings } from './facebook.config';

const REAL = { FACEBOOK_CLIENT_ID: 'app', FACEBOOK_APP_SECRET: 'app-secret', SANDBOX: 'off' };

describe(parseFacebookSettings.name, () => {
  it('signs Facebook webhooks in sandbox mode with the sandbox secret', () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'aurora-facebook-config-')) };
    assert.equal(parseFacebookSettings(env).appSecret, parseSandboxSettings(env).clientSecret);
  });

  it('stops start-up against the real Meta without a verify token, naming it', () => {
    for (const verify of [undefined, '', '  ']) {
      assert.throws(
        () => parseFacebookSettings({ ...REAL, FACEBOOK_VERIFY_TOKEN: verify }),
        (error: unknown) => error instanceof ConfigError && error.variable === 'FACEBOOK_VERIFY_TOKEN',
      );
    }
    assert.equal(parseFacebookSettings({ ...REAL, FACEBOOK_VERIFY_TOKEN: 'v3rify' }).verifyToken, 'v3rify');
  });

  it('stops start-up against the real Meta without an app secret, naming it', () => {
    assert.throws(
      () =>
        parseFacebookSettings({ FACEBOOK_CLIENT_ID: 'app', FACEBOOK_APP_SECRET: '', FACEBOOK_VERIFY_TOKEN: 'v', SANDBOX: 'off' }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'FACEBOOK_APP_SECRET',
    );
  });

  it('keeps test leads from services unless FACEBOOK_TEST_LEADS_TO_SERVICES says otherwise', () => {
    const env = { ...REAL, FACEBOOK_VERIFY_TOKEN: 'v' };
    assert.equal(parseFacebookSettings(env).testLeadsToServices, false);
    assert.equal(parseFacebookSettings({ ...env, FACEBOOK_TEST_LEADS_TO_SERVICES: 'true' }).testLeadsToServices, true);
    assert.throws(
      () => parseFacebookSettings({ ...env, FACEBOOK_TEST_LEADS_TO_SERVICES: 'maybe' }),
      /FACEBOOK_TEST_LEADS_TO_SERVICES/,
    );
  });

  it('reads the backfill cadence, and refuses one whose steps are out of order, naming the variable', () => {
    const env = { ...REAL, FACEBOOK_VERIFY_TOKEN: 'v' };
    assert.deepEqual(parseFacebookSettings(env).backfillCadence, { minSeconds: 120, activeSeconds: 300, quietSeconds: 3600 });
    assert.equal(parseFacebookSettings({ ...env, FACEBOOK_BACKFILL_INTERVAL_SECONDS: '0' }).backfillIntervalSeconds, 0);
    const refused = (extra: Record<string, string>, variable: string) =>
      assert.throws(
        () => parseFacebookSettings({ ...env, ...extra }),
        (error: unknown) => error instanceof ConfigError && error.variable === variable,
      );
    refused({ FACEBOOK_BACKFILL_MIN_SECONDS: '600' }, 'FACEBOOK_BACKFILL_ACTIVE_SECONDS');
    refused({ FACEBOOK_BACKFILL_QUIET_SECONDS: '200' }, 'FACEBOOK_BACKFILL_QUIET_SECONDS');
    refused({ FACEBOOK_BACKFILL_MIN_SECONDS: '5' }, 'FACEBOOK_BACKFILL_MIN_SECONDS');
  });
});
