import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSecuritySettings } from './security.config';

const KEY = Buffer.alloc(32, 1).toString('base64');

describe('security settings: TOKEN_ENCRYPTION_KEYS', () => {
  it('is required in production, with a message that names it and says how to make one', () => {
    assert.throws(
      () => parseSecuritySettings({ NODE_ENV: 'production', DATA_DIR: mkdtempSync(join(tmpdir(), 'aurora-keys-')) }),
      /^ConfigError: Invalid setting TOKEN_ENCRYPTION_KEYS: is required in production \(generate one with: openssl rand -base64 32\)$/,
    );
  });

  it('is generated into DATA_DIR outside production, and read from the environment when given', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aurora-keys-'));
    assert.equal(parseSecuritySettings({ DATA_DIR: dataDir }).tokenKeys[0].id, 'dev1');
    assert.deepEqual(
      parseSecuritySettings({
        NODE_ENV: 'production',
        TOKEN_ENCRYPTION_KEYS: `k2:${KEY},k1:${KEY.replace('AQ', 'Ag')}`,
      }).tokenKeys.map((key) => key.id),
      ['k2', 'k1'],
    );
  });

  it('names the key that does not decode to 32 bytes', () => {
    assert.throws(
      () => parseSecuritySettings({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' }),
      /Invalid setting TOKEN_ENCRYPTION_KEYS: key "k1" must decode to 32 bytes, got 5/,
    );
  });
});
