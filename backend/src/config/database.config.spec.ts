import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDatabaseSettings } from './database.config';

describe('database settings: MIGRATIONS', () => {
  it('applies migrations at start-up unless they are a release step', () => {
    assert.equal(parseDatabaseSettings({}).migrations, 'auto');
    assert.equal(parseDatabaseSettings({ MIGRATIONS: 'manual' }).migrations, 'manual');
    assert.equal(parseDatabaseSettings({}).migrationsLockTimeoutSeconds, 300);
  });

  it('stops start-up on anything else, naming the variable', () => {
    assert.throws(
      () => parseDatabaseSettings({ MIGRATIONS: 'never' }),
      /Invalid setting MIGRATIONS: expected one of auto, manual/,
    );
    assert.throws(
      () => parseDatabaseSettings({ MIGRATIONS_LOCK_TIMEOUT_SECONDS: '0' }),
      /Invalid setting MIGRATIONS_LOCK_TIMEOUT_SECONDS/,
    );
  });
});
