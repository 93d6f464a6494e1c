import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from './password-hasher';

describe('password hashing (scrypt)', () => {
  it('stores a self-describing scrypt$N$r$p$salt$hash string, salted per password', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    assert.match(first, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.notEqual(first, second);
    assert.ok(!first.includes('correct horse'));
  });

  it('verifies the right password and rejects any other', async () => {
    const stored = await hashPassword('correct horse');
    assert.equal(await verifyPassword('correct horse', stored), true);
    assert.equal(await verifyPassword('correct horse ', stored), false);
    assert.equal(await verifyPassword('', stored), false);
  });

  it('rejects, without throwing, a stored value it does not understand', async () => {
    for (const stored of ['', 'plain-text', 'bcrypt$10$abc', 'scrypt$32768$8$1$$']) {
      assert.equal(await verifyPassword('anything', stored), false, stored);
    }
  });
});
