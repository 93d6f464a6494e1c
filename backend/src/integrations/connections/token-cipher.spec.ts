import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { TokenCipher, TokenContext } from './token-cipher';

const context: TokenContext = { accountId: 'acc-1', integrationKey: 'hubspot', field: 'access_token' };
const key = (id: string) => ({ id, key: randomBytes(32) });

describe(TokenCipher.name, () => {
  it('round-trips and never contains the plaintext', () => {
    const cipher = new TokenCipher([key('k1')]);
    const sealed = cipher.encrypt('sbx_at_secret-value', context);
    assert.ok(!sealed.includes('secret-value'));
    assert.equal(cipher.decrypt(sealed, context), 'sbx_at_secret-value');
  });

  it('uses a fresh IV, so equal tokens encrypt differently', () => {
    const cipher = new TokenCipher([key('k1')]);
    assert.notEqual(cipher.encrypt('same', context), cipher.encrypt('same', context));
  });

  it('refuses a ciphertext moved to another account, integration or field', () => {
    const cipher = new TokenCipher([key('k1')]);
    const sealed = cipher.encrypt('token', context);
    assert.throws(() => cipher.decrypt(sealed, { ...context, accountId: 'acc-2' }));
    assert.throws(() => cipher.decrypt(sealed, { ...context, integrationKey: 'slack' }));
    assert.throws(() => cipher.decrypt(sealed, { ...context, field: 'refresh_token' }));
  });

  it('decrypts with an older key after rotation and encrypts with the newest', () => {
    const old = key('k1');
    const sealed = new TokenCipher([old]).encrypt('token', context);
    const rotated = new TokenCipher([key('k2'), old]);
    assert.equal(rotated.decrypt(sealed, context), 'token');
    assert.match(rotated.encrypt('token', context), /^v1\.k2\./);
  });

  it('detects tampering', () => {
    const cipher = new TokenCipher([key('k1')]);
    const parts = cipher.encrypt('token', context).split('.');
    parts[4] = Buffer.from('forged').toString('base64url');
    assert.throws(() => cipher.decrypt(parts.join('.'), context));
  });

  it('refuses a truncated authentication tag, which GCM would otherwise accept as a shorter valid tag', () => {
    const cipher = new TokenCipher([key('k1')]);
    const parts = cipher.encrypt('token', context).split('.');
    for (const length of [12, 8, 4]) {
      const truncated = Buffer.from(parts[3], 'base64url').subarray(0, length).toString('base64url');
      const sealed = [...parts.slice(0, 3), truncated, parts[4]].join('.');
      assert.throws(() => cipher.decrypt(sealed, context), /authentication tag/i, `${length}-byte tag`);
    }
  });
});
