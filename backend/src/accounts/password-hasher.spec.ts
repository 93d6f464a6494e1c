import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PASSWORD_HASH_COST, PasswordHasher } from './password-hasher';

describe('password hashing (scrypt)', () => {
  const fast = new PasswordHasher(12);

  it('hashes with N=2^17, r=8, p=1 unless told otherwise', async () => {
    assert.equal(DEFAULT_PASSWORD_HASH_COST, 17);
    assert.match(await new PasswordHasher().hash('correct horse'), /^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  });

  it('stores a self-describing scrypt$N$r$p$salt$hash string, salted per password', async () => {
    const first = await fast.hash('correct horse');
    const second = await fast.hash('correct horse');
    assert.match(first, /^scrypt\$4096\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.notEqual(first, second);
    assert.ok(!first.includes('correct horse'));
  });

  it('verifies the right password and rejects any other', async () => {
    const stored = await fast.hash('correct horse');
    assert.equal(await fast.verify('correct horse', stored), true);
    assert.equal(await fast.verify('correct horse ', stored), false);
    assert.equal(await fast.verify('', stored), false);
  });

  it('verifies a hash made at another cost, and asks to upgrade only those made with less', async () => {
    const older = await new PasswordHasher(11).hash('pw');
    assert.equal(await fast.verify('pw', older), true);
    assert.equal(fast.needsRehash(older), true);
    assert.equal(fast.needsRehash(await fast.hash('pw')), false);
    assert.equal(fast.needsRehash(await new PasswordHasher(13).hash('pw')), false, 'never downgrades');
  });

  it('rejects, without throwing or allocating, a stored value it does not understand', async () => {
    const junk = [
      '',
      'plain-text',
      'bcrypt$10$abc',
      'scrypt$32768$8$1$$',
      'scrypt$1073741824$8$1$c2FsdA==$a2V5',
      'scrypt$1000$8$1$c2FsdA==$a2V5',
    ];
    for (const stored of junk) assert.equal(await fast.verify('anything', stored), false, stored);
  });
});
