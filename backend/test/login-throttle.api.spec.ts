import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { Role } from '../src/roles/role.enum';
import { createUser, TestUser } from './factories/accounts.factory';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

/**
 * Limits from DESIGN/.env.example defaults: 5 failures per e-mail, 20 per IP, within 15 minutes.
 * The app trusts the loopback proxy, so each test signs in "from" its own client address.
 */
describe(`sign-in throttling (${testDatabaseKind()})`, () => {
  let app: TestApp & { databaseUrl: string };
  let lastClient = 0;
  const nextClient = () => `203.0.113.${++lastClient}`;

  const login = (url: string, email: string, password: string, clientIp?: string) =>
    fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: url, ...(clientIp ? { 'X-Forwarded-For': clientIp } : {}) },
      body: JSON.stringify({ email, password }),
    });
  const newUser = (): Promise<TestUser> => createUser(app.app, { role: Role.Agent });

  before(async () => {
    app = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
  });
  after(async () => {
    await app.close();
  });

  it('answers 429 with Retry-After after 5 wrong passwords for one e-mail; the right one waits too', async () => {
    const victim = await newUser();
    const client = nextClient();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await login(app.url, victim.email, 'wrong', client)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);

    const blocked = await login(app.url, victim.email, victim.password, nextClient());
    assert.equal(blocked.status, 429, 'neither the right password nor another address bypasses the limit');
    const body = (await blocked.json()) as { statusCode: number; error: string };
    assert.deepEqual({ statusCode: body.statusCode, error: body.error }, { statusCode: 429, error: 'too_many_requests' });
    const retryAfter = Number(blocked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After: ${retryAfter}`);
  });

  it('counts failures per e-mail without regard to letter case', async () => {
    const victim = await newUser();
    for (let i = 0; i < 5; i++) await login(app.url, i % 2 ? victim.email.toUpperCase() : victim.email, 'wrong', nextClient());
    assert.equal((await login(app.url, victim.email, victim.password, nextClient())).status, 429);
  });

  it('throttle bypass on MySQL: a look-alike e-mail (agént@) neither signs in as agent@ nor resets its lock', async () => {
    const victim = await newUser();
    const lookAlike = victim.email.replace('user-', 'usér-');
    for (let i = 0; i < 5; i++) assert.equal((await login(app.url, victim.email, 'wrong', nextClient())).status, 401);
    assert.equal((await login(app.url, victim.email, victim.password, nextClient())).status, 429, 'the victim is locked');

    const asLookAlike = await login(app.url, lookAlike, victim.password, nextClient());
    assert.equal(asLookAlike.status, 401, 'the look-alike is another (unknown) address');
    assert.deepEqual(asLookAlike.headers.getSetCookie(), []);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(app.url, lookAlike, 'wrong', nextClient())).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429], 'the look-alike has its own count');
    assert.equal((await login(app.url, victim.email, victim.password, nextClient())).status, 429, 'the lock still holds');
  });

  it('normalises e-mails (trim, NFKC, lower case) so one address has one count and one account', async () => {
    const user = await newUser();
    const variants = [` ${user.email.toUpperCase()} `, user.email.replace('user', 'ｕｓｅｒ'), user.email.replace('@', '＠')];
    for (const variant of variants) {
      assert.equal((await login(app.url, variant, user.password, nextClient())).status, 200, JSON.stringify(variant));
    }
    for (let i = 0; i < 5; i++) await login(app.url, variants[i % variants.length], 'wrong', nextClient());
    assert.equal((await login(app.url, user.email, user.password, nextClient())).status, 429);
  });

  it('compares e-mails byte for byte in the database', async () => {
    const user = await newUser();
    const db = app.app.get(DataSource);
    const count = async (email: string) =>
      Number((await db.query('SELECT COUNT(*) AS n FROM users WHERE email = ?', [email]))[0].n);
    assert.equal(await count(user.email), 1);
    for (const other of [
      user.email.toUpperCase(),
      user.email.replace('user-', 'usér-'),
      user.email.replace('user-', 'user\u00AD-'),
    ]) {
      assert.equal(await count(other), 0, other);
    }
  });

  it('starts the count afresh after a successful sign-in', async () => {
    const user = await newUser();
    const client = nextClient();
    for (let i = 0; i < 4; i++) assert.equal((await login(app.url, user.email, 'wrong', client)).status, 401);
    assert.equal((await login(app.url, user.email, user.password, client)).status, 200);
    for (let i = 0; i < 5; i++) assert.equal((await login(app.url, user.email, 'wrong', client)).status, 401);
    assert.equal((await login(app.url, user.email, user.password, client)).status, 429);
  });

  it('lets no more than 5 of many parallel guesses through', async () => {
    const victim = await newUser();
    const client = nextClient();
    const statuses = await Promise.all(
      Array.from({ length: 15 }, () => login(app.url, victim.email, 'wrong', client).then((r) => r.status)),
    );
    assert.ok(
      statuses.every((s) => s === 401 || s === 429),
      statuses.join(','),
    );
    assert.ok(statuses.filter((s) => s === 401).length <= 5, statuses.join(','));
  });

  it('answers 429 after 20 failures from one address, whichever e-mails they tried', async () => {
    const client = nextClient();
    for (let i = 0; i < 20; i++) {
      assert.equal((await login(app.url, `guess-${i}@aurora.test`, 'wrong', client)).status, 401);
    }
    const user = await newUser();
    assert.equal((await login(app.url, user.email, user.password, client)).status, 429);
    assert.equal((await login(app.url, user.email, user.password, nextClient())).status, 200, 'other addresses are unaffected');
  });

  it('does not believe X-Forwarded-For from a client when no proxy is trusted', async () => {
    const direct = await startTestApp({ databaseUrl: app.databaseUrl, env: { TRUST_PROXY: 'false' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++)
        statuses.push((await login(direct.url, `spoof-${i}@aurora.test`, 'wrong', nextClient())).status);
      assert.ok(
        statuses.includes(429),
        `a fresh X-Forwarded-For per request did not escape the per-IP limit: ${statuses.join(',')}`,
      );
    } finally {
      await direct.close();
    }
  });
});
