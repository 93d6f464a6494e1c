import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { LoginAttempt } from '../src/auth/entities/login-attempt.entity';
import { Session } from '../src/auth/entities/session.entity';
import { Scope } from '../src/auth/scope.enum';
import { DrainService } from '../src/health/drain.service';
import { HousekeepingService } from '../src/housekeeping/housekeeping.service';
import { OAuthFlow } from '../src/integrations/flows/oauth-flow.entity';
import { Role } from '../src/roles/role.enum';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { createUser, TestUser } from './factories/accounts.factory';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

const HOUR = 3600_000;
/** Small batches, so every sweep below takes several statements. */
const BATCH = 2;

describe(`housekeeping (${testDatabaseKind()})`, () => {
  let app: TestApp & { databaseUrl: string };
  let dataSource: DataSource;
  let user: TestUser;
  let apiKeyId: string;

  const ago = (ms: number) => new Date(Date.now() - ms);
  const sweep = () => app.app.get(HousekeepingService).sweep();

  const addSessions = async (expiresAt: Date, count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => randomUUID().replace(/-/g, '').padEnd(64, '0'));
    const now = new Date();
    for (const id of ids) {
      await dataSource
        .getRepository(Session)
        .insert({ id, userId: user.id, accountId: user.accountId, createdAt: now, lastSeenAt: now, expiresAt });
    }
    return ids;
  };
  const addAttempts = async (windowStartedAt: Date, count: number): Promise<string[]> => {
    const subjects = Array.from({ length: count }, () => `ip:${randomUUID()}`);
    for (const subject of subjects)
      await dataSource.getRepository(LoginAttempt).insert({ subject, failures: 1, windowStartedAt });
    return subjects;
  };
  const addFlows = async (expiresAt: Date, count: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const id of ids) {
      await dataSource.getRepository(OAuthFlow).insert({
        id,
        accountId: user.accountId,
        userId: user.id,
        integrationKey: 'hubspot',
        stateHash: null,
        codeVerifierEnc: null,
        browserHash: 'x'.repeat(64),
        status: 'connected',
        error: null,
        createdAt: new Date(expiresAt.getTime() - 600_000),
        expiresAt,
        consumedAt: expiresAt,
      });
    }
    return ids;
  };
  const addRateWindows = async (windowStarts: number[]) => {
    for (const start of windowStarts) {
      await dataSource.query('INSERT INTO api_key_rate_windows (api_key_id, window_start, hits) VALUES (?, ?, 1)', [
        apiKeyId,
        start,
      ]);
    }
  };
  const remaining = async (table: string, column: string, values: (string | number)[]): Promise<number> => {
    const rows = (await dataSource.query(
      `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} IN (${values.map(() => '?').join(',')})`,
      values,
    )) as { n: number | string }[];
    return Number(rows[0].n);
  };

  before(async () => {
    app = await startTestApp({
      env: { HOUSEKEEPING_BATCH_SIZE: String(BATCH), HOUSEKEEPING_INTERVAL_SECONDS: '0', API_KEY_RATE_LIMIT: '600/60s' },
    });
    dataSource = app.app.get(DataSource);
    user = await createUser(app.app, { role: Role.ChannelsAdmin });
    apiKeyId = (await app.app.get(ApiKeysService).create(user.accountId, [Scope.IntegrationsRead])).apiKey.id;
  });
  after(() => app.close());

  it('deletes sessions expired over a day ago, in batches, and keeps live and recently expired ones', async () => {
    const old = await addSessions(ago(25 * HOUR), 5);
    const kept = [...(await addSessions(ago(HOUR), 1)), ...(await addSessions(new Date(Date.now() + HOUR), 1))];
    const report = await sweep();
    assert.equal(report.expired_sessions, 5);
    assert.equal(await remaining('sessions', 'id', old), 0);
    assert.equal(await remaining('sessions', 'id', kept), 2);
  });

  it('deletes login attempts whose window started over a day ago, and keeps recent ones', async () => {
    const old = await addAttempts(ago(25 * HOUR), 3);
    const kept = await addAttempts(ago(60_000), 2);
    assert.equal((await sweep()).login_attempts, 3);
    assert.equal(await remaining('login_attempts', 'subject', old), 0);
    assert.equal(await remaining('login_attempts', 'subject', kept), 2);
  });

  it('deletes connect flows that ended over a day ago, and keeps the ones a slow tab may still ask about', async () => {
    const old = await addFlows(ago(25 * HOUR), 3);
    const kept = await addFlows(ago(HOUR), 2);
    assert.equal((await sweep()).oauth_flows, 3);
    assert.equal(await remaining('oauth_flows', 'id', old), 0);
    assert.equal(await remaining('oauth_flows', 'id', kept), 2);
  });

  it('deletes rate windows that ended over an hour ago, and keeps the current one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const old = [now - 3 * 3600, now - 2 * 3600, now - 3660];
    const current = now - (now % 60);
    await addRateWindows([...old, current]);
    assert.equal((await sweep()).api_key_rate_windows, 3);
    assert.equal(await remaining('api_key_rate_windows', 'window_start', old), 0);
    assert.equal(await remaining('api_key_rate_windows', 'window_start', [current]), 1);
  });

  it('sweeps on its schedule without being asked', async () => {
    const scheduled = await startTestApp({ databaseUrl: app.databaseUrl, env: { HOUSEKEEPING_INTERVAL_SECONDS: '1' } });
    try {
      const old = await addSessions(ago(25 * HOUR), 3);
      const deadline = Date.now() + 30_000;
      while ((await remaining('sessions', 'id', old)) > 0 && Date.now() < deadline) await sleep(200);
      assert.equal(await remaining('sessions', 'id', old), 0);
    } finally {
      await scheduled.close();
    }
  });

  it('npm run cli -- housekeeping sweeps once and exits', async () => {
    const old = await addSessions(ago(25 * HOUR), 3);
    const cli = join(__dirname, '../src/cli.js');
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'housekeeping'], {
      env: { ...process.env, DATABASE_URL: app.databaseUrl, LOG_LEVEL: 'warn' },
    });
    assert.match(stdout, /^Deleted 3 expired sessions$/m);
    assert.equal(await remaining('sessions', 'id', old), 0);
  });

  it('stops once the instance drains', async () => {
    const old = await addSessions(ago(25 * HOUR), 3);
    app.app.get(DrainService).begin();
    assert.equal((await sweep()).expired_sessions, 0);
    assert.equal(await remaining('sessions', 'id', old), 3);
  });
});
