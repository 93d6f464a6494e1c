import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { DataSource } from 'typeorm';
import { Account } from '../src/accounts/account.entity';
import { DEMO_PASSWORD } from '../src/accounts/demo-seed.service';
import { User } from '../src/accounts/user.entity';
import { Role } from '../src/roles/role.enum';
import { createUser } from './factories/accounts.factory';
import { startAppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

describe(`demo seed (${testDatabaseKind()})`, () => {
  const open: { close(): Promise<void> }[] = [];
  let printed: string[] = [];

  /** Starts an instance with seeding allowed, recording what it prints. */
  const startSeeding = async (options: { databaseUrl?: string; env?: Record<string, string> } = {}) => {
    printed = [];
    const log = mock.method(console, 'log', (...args: unknown[]) => printed.push(args.join(' ')));
    try {
      const app = await startTestApp({ databaseUrl: options.databaseUrl, env: { DEMO_SEED: 'auto', ...options.env } });
      open.push(app);
      return app;
    } finally {
      log.mock.restore();
    }
  };
  const closeEarly = async (app: TestApp) => {
    open.splice(open.indexOf(app), 1);
    await app.close();
  };
  const signIn = (app: TestApp, email: string) =>
    fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: app.url },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
  const counts = async (app: TestApp) => ({
    users: await app.app.get(DataSource).getRepository(User).count(),
    demoAccounts: await app.app.get(DataSource).getRepository(Account).countBy({ name: 'Aurora Demo' }),
  });

  afterEach(async () => {
    for (const app of open.splice(0).reverse()) await app.close();
  });

  it('seeds an empty database with the demo admin and agent, and prints their sign-ins', async () => {
    const app = await startSeeding();
    const banner = printed.join('\n');
    assert.match(banner, /admin@aurora\.test +aurora-demo +Channels Administrator/);
    assert.match(banner, /agent@aurora\.test +aurora-demo +Agent/);

    const [adminUser, agentUser] = await Promise.all(
      ['admin@aurora.test', 'agent@aurora.test'].map(async (email) => {
        const response = await signIn(app, email);
        assert.equal(response.status, 200, email);
        return (await response.json()) as Record<string, unknown>;
      }),
    );
    assert.deepEqual(
      { name: adminUser.name, roles: adminUser.roles, accountName: adminUser.accountName },
      { name: 'Ada Admin', roles: [Role.ChannelsAdmin], accountName: 'Aurora Demo' },
    );
    assert.deepEqual(
      { name: agentUser.name, roles: agentUser.roles, accountName: agentUser.accountName },
      { name: 'Alex Agent', roles: [Role.Agent], accountName: 'Aurora Demo' },
    );
    assert.equal(adminUser.accountId, agentUser.accountId);
    assert.match(banner, new RegExp(`Account id ${String(adminUser.accountId)} \\(npm run cli -- api-key:create --account`));
  });

  it('does not seed again when restarted on the seeded database, and still names the demo account', async () => {
    const first = await startSeeding();
    await closeEarly(first);
    const again = await startSeeding({ databaseUrl: first.databaseUrl });
    const [accountId] = (await again.app.get(DataSource).getRepository(Account).findBy({ name: 'Aurora Demo' })).map((a) => a.id);
    assert.deepEqual(printed, [
      `\nDemo account "Aurora Demo": Account id ${accountId} (npm run cli -- api-key:create --account ${accountId} …)`,
    ]);
    assert.deepEqual(await counts(again), { users: 2, demoAccounts: 1 });
  });

  it('never seeds a database that already has users', async () => {
    const existing = await startTestApp();
    await createUser(existing.app, { role: Role.ChannelsAdmin });
    await existing.close();
    const app = await startSeeding({ databaseUrl: existing.databaseUrl });
    assert.deepEqual(printed, []);
    assert.deepEqual(await counts(app), { users: 1, demoAccounts: 0 });
    assert.equal((await signIn(app, 'admin@aurora.test')).status, 401);
  });

  it('does not seed in production', async () => {
    const app = await startSeeding({ env: { NODE_ENV: 'production', SANDBOX: 'off', PASSWORD_HASH_COST: '17' } });
    assert.deepEqual(await counts(app), { users: 0, demoAccounts: 0 });
  });

  it('seeds once when several instances start together on an empty database', async () => {
    const observer = await startTestApp();
    open.push(observer);
    const instances = await Promise.all(
      [1, 2, 3].map(async () =>
        startAppProcess({
          PORT: String(await freePort()),
          DATABASE_URL: observer.databaseUrl,
          DEMO_SEED: 'auto',
          NODE_ENV: 'test',
          SANDBOX: 'off',
        }),
      ),
    );
    open.push(...instances);
    assert.deepEqual(await counts(observer), { users: 2, demoAccounts: 1 });
  });
});
