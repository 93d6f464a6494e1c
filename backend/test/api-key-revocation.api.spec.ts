import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { Scope } from '../src/auth/scope.enum';
import { createAccount, createApiKey } from './factories/accounts.factory';
import { AppProcess, startAppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

const CACHE_SECONDS = 1;

/** Each instance trusts a resolved key for API_KEY_CACHE_SECONDS: the bound on how long a revocation takes elsewhere. */
describe(`a revoked API key on another instance (${testDatabaseKind()})`, () => {
  let app: TestApp & { databaseUrl: string };
  let other: AppProcess;

  before(async () => {
    app = await startTestApp({ env: { API_KEY_CACHE_SECONDS: String(CACHE_SECONDS) } });
    other = await startAppProcess({
      NODE_ENV: 'test',
      SANDBOX: 'off',
      DATA_DIR: process.env.DATA_DIR as string,
      DATABASE_URL: app.databaseUrl,
      TOKEN_ENCRYPTION_KEYS: process.env.TOKEN_ENCRYPTION_KEYS as string,
      API_KEY_CACHE_SECONDS: String(CACHE_SECONDS),
      FACEBOOK_BACKFILL_INTERVAL_SECONDS: '0',
      PORT: String(await freePort()),
    });
  });
  after(async () => {
    await other.close();
    await app.close();
  });

  it('is refused there within the cache lifetime, and at once where it was revoked', async () => {
    const key = await createApiKey(app.app, await createAccount(app.app), [Scope.IntegrationsRead]);
    const read = (url: string) => fetch(`${url}/api/v1/integrations`, { headers: { Authorization: `Bearer ${key}` } });
    assert.equal((await read(other.url)).status, 200, 'the other instance now holds the key');
    const keys = app.app.get(ApiKeysService);
    const caller = await keys.resolve(key);
    assert.ok(caller);
    assert.equal(await keys.revoke(caller.id), true);
    const revokedAt = Date.now();
    assert.equal((await read(app.url)).status, 401);
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < (CACHE_SECONDS + 10) * 1000) {
      status = (await read(other.url)).status;
      if (status === 200) await sleep(100);
    }
    assert.equal(status, 401, `still accepted ${Date.now() - revokedAt} ms after the revocation`);
  });
});
