import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { Role } from '../src/roles/role.enum';
import { createUser, signIn } from './factories/accounts.factory';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

/** A hash as the previous release stored it: scrypt N=2^15, r=8, p=1. */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * scrypt N=2^15 is below current OWASP guidance (issue #11): new hashes use N=2^17, and an older hash is
 * replaced on the next successful sign-in, the only moment the password is known.
 */
describe(`scrypt N=2^15 is below OWASP guidance: upgraded on the next sign-in (${testDatabaseKind()})`, () => {
  let app: TestApp;
  const storedHash = async (userId: string): Promise<string> =>
    (
      (await app.app.get(DataSource).query('SELECT password_hash FROM users WHERE id = ?', [userId])) as {
        password_hash: string;
      }[]
    )[0].password_hash;

  before(async () => {
    app = await startTestApp({ env: { PASSWORD_HASH_COST: '17' } });
  });
  after(() => app.close());

  it('a user with an N=2^15 hash signs in, the stored hash becomes N=2^17, and signing in still works', async () => {
    const user = await createUser(app.app, { role: Role.Agent });
    assert.match(await storedHash(user.id), /^scrypt\$131072\$8\$1\$/, 'new users get N=2^17');
    const legacy = legacyHash(user.password);
    await app.app.get(DataSource).query('UPDATE users SET password_hash = ? WHERE id = ?', [legacy, user.id]);

    await signIn(app.url, user.email, user.password);
    const upgraded = await storedHash(user.id);
    assert.match(upgraded, /^scrypt\$131072\$8\$1\$/);
    assert.notEqual(upgraded, legacy);

    await signIn(app.url, user.email, user.password);
    assert.equal(await storedHash(user.id), upgraded, 'a current hash is left alone');
  });

  it('leaves an old hash alone when the password was wrong', async () => {
    const user = await createUser(app.app, { role: Role.Agent });
    const legacy = legacyHash(user.password);
    await app.app.get(DataSource).query('UPDATE users SET password_hash = ? WHERE id = ?', [legacy, user.id]);
    const wrong = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: app.url },
      body: JSON.stringify({ email: user.email, password: 'not-the-password' }),
    });
    assert.equal(wrong.status, 401);
    assert.equal(await storedHash(user.id), legacy);
  });
});
