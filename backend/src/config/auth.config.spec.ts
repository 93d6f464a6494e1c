import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAuthSettings } from './auth.config';
import { ConfigError } from './config.error';

describe('auth settings: PASSWORD_HASH_COST', () => {
  it('hashes at scrypt N=2^17 unless told otherwise', () => {
    assert.equal(parseAuthSettings({}).passwordHashCost, 17);
    assert.equal(parseAuthSettings({ NODE_ENV: 'production' }).passwordHashCost, 17);
  });

  it('may go lower for tests, never in production', () => {
    assert.equal(parseAuthSettings({ NODE_ENV: 'test', PASSWORD_HASH_COST: '12' }).passwordHashCost, 12);
    assert.throws(
      () => parseAuthSettings({ NODE_ENV: 'production', PASSWORD_HASH_COST: '15' }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'PASSWORD_HASH_COST',
    );
  });
});

describe('auth settings: API_KEY_CACHE_SECONDS', () => {
  it('reuses a resolved key for 5 s unless told otherwise; 0 turns the cache off', () => {
    assert.equal(parseAuthSettings({}).apiKeyCacheSeconds, 5);
    assert.equal(parseAuthSettings({ API_KEY_CACHE_SECONDS: '0' }).apiKeyCacheSeconds, 0);
  });

  it('refuses more than a minute, which would leave revoked keys working too long elsewhere', () => {
    assert.throws(
      () => parseAuthSettings({ API_KEY_CACHE_SECONDS: '61' }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'API_KEY_CACHE_SECONDS',
    );
  });
});
