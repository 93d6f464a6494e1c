import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scope } from '../src/auth/scope.enum';
import { createAccount, createApiKey } from './factories/accounts.factory';
import { AppProcess, startAppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { signedInAdmin } from './support/signed-in';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

/** A day-long window, so no test run sees the count start again halfway through. */
const LIMIT = 3;
const RATE_LIMIT = `${LIMIT}/24h`;

describe(`API-key rate limits (${testDatabaseKind()})`, () => {
  let app: TestApp & { databaseUrl: string };
  const instances: AppProcess[] = [];

  const read = (url: string, key: string) => fetch(`${url}/api/v1/integrations`, { headers: { Authorization: `Bearer ${key}` } });
  const newKey = async (scopes = [Scope.IntegrationsRead]) => createApiKey(app.app, await createAccount(app.app), scopes);

  before(async () => {
    app = await startTestApp({ env: { API_KEY_RATE_LIMIT: RATE_LIMIT } });
  });
  after(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    await app.close();
  });

  it('answers with RateLimit-* headers, then 429 with Retry-After once the key is over its limit', async () => {
    const key = await newKey();
    const answers = [];
    for (let i = 0; i < LIMIT + 2; i++) answers.push(await read(app.url, key));
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 200, 200, 429, 429],
    );
    assert.deepEqual(
      answers.map((r) => r.headers.get('ratelimit-remaining')),
      ['2', '1', '0', '0', '0'],
    );
    for (const answer of answers) assert.equal(answer.headers.get('ratelimit-limit'), String(LIMIT));
    const refused = answers[LIMIT];
    const reset = Number(refused.headers.get('ratelimit-reset'));
    assert.ok(reset >= 1 && reset <= 86400, `RateLimit-Reset: ${reset}`);
    assert.equal(refused.headers.get('retry-after'), String(reset));
    const body = (await refused.json()) as { statusCode: number; error: string };
    assert.deepEqual({ statusCode: body.statusCode, error: body.error }, { statusCode: 429, error: 'rate_limited' });
  });

  it('counts each key on its own: a runaway key does not starve another of the same account', async () => {
    const accountId = await createAccount(app.app);
    const runaway = await createApiKey(app.app, accountId, [Scope.IntegrationsRead]);
    const calm = await createApiKey(app.app, accountId, [Scope.IntegrationsRead]);
    for (let i = 0; i < LIMIT + 1; i++) await read(app.url, runaway);
    assert.equal((await read(app.url, runaway)).status, 429);
    assert.equal((await read(app.url, calm)).status, 200);
  });

  it('counts requests the key is refused for (a missing scope) too', async () => {
    const key = await newKey([Scope.ContactsRead]);
    const statuses = [];
    for (let i = 0; i < LIMIT + 1; i++) statuses.push((await read(app.url, key)).status);
    assert.deepEqual(statuses, [403, 403, 403, 429]);
  });

  it('never limits browser sessions', async () => {
    const admin = await signedInAdmin(app);
    for (let i = 0; i < LIMIT + 2; i++) {
      const response = await admin.api('GET', '/api/v1/integrations');
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('ratelimit-limit'), null);
    }
  });

  it('shares one limit between two app processes on the same database', async () => {
    const env = {
      NODE_ENV: 'test',
      SANDBOX: 'off',
      DATA_DIR: process.env.DATA_DIR as string,
      DATABASE_URL: app.databaseUrl,
      TOKEN_ENCRYPTION_KEYS: process.env.TOKEN_ENCRYPTION_KEYS as string,
      API_KEY_RATE_LIMIT: RATE_LIMIT,
      FACEBOOK_BACKFILL_INTERVAL_SECONDS: '0',
    };
    for (let i = 0; i < 2; i++) instances.push(await startAppProcess({ ...env, PORT: String(await freePort()) }));
    const [first, second] = instances;
    const key = await newKey();
    const statuses = [];
    for (const instance of [first, second, first, second, first]) statuses.push((await read(instance.url, key)).status);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
  });
});
