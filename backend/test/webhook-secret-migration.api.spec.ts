import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { parseDatabaseSettings, parseSecuritySettings } from '../src/config';
import { databaseOptions } from '../src/database/database-options';
import { MIGRATIONS } from '../src/database/migrations';
import { SealWebhookSecrets1765160000000 } from '../src/database/migrations/1765160000000-seal-webhook-secrets';
import { TokenCipher } from '../src/integrations/connections/token-cipher';
import { openSigningSecret } from '../src/webhooks/delivery/signing-secret-seal';
import { freshDatabaseUrl, testDatabaseKind } from './support/test-database';

const KEY = Buffer.alloc(32, 7).toString('base64');

async function migrated(url: string, migrations: typeof MIGRATIONS): Promise<DataSource> {
  const options = databaseOptions(parseDatabaseSettings({ DATABASE_URL: url }));
  const dataSource = new DataSource({ ...options, migrations, migrationsRun: false });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

describe(`webhook secret sealing migration (${testDatabaseKind()})`, () => {
  it('seals plaintext secrets of existing endpoints so the app opens them, and undoing it restores them', async () => {
    process.env.TOKEN_ENCRYPTION_KEYS = `mig1:${KEY}`;
    const url = await freshDatabaseUrl();
    const old = await migrated(
      url,
      MIGRATIONS.filter((migration) => migration !== SealWebhookSecrets1765160000000),
    );
    await old.query(`INSERT INTO accounts (id, name, created_at) VALUES ('a1', 'Old', '2025-01-01 00:00:00')`);
    await old.query(
      `INSERT INTO webhook_endpoints (id, account_id, url, event_types, enabled, secret, previous_secret, created_at, updated_at)
       VALUES ('e1', 'a1', 'https://example.test/hook', '[]', 1, 'whsec_current', 'whsec_previous', '2025-01-01 00:00:00', '2025-01-01 00:00:00')`,
    );
    await old.destroy();

    const current = await migrated(url, MIGRATIONS);
    try {
      const [row] = (await current.query('SELECT secret, previous_secret FROM webhook_endpoints')) as {
        secret: string;
        previous_secret: string;
      }[];
      assert.ok(!row.secret.includes('whsec_') && !row.previous_secret.includes('whsec_'), 'no plaintext left');
      const cipher = new TokenCipher(parseSecuritySettings(process.env).tokenKeys);
      const endpoint = { id: 'e1', accountId: 'a1' };
      assert.equal(openSigningSecret(cipher, endpoint, row.secret), 'whsec_current');
      assert.equal(openSigningSecret(cipher, endpoint, row.previous_secret), 'whsec_previous');

      await current.undoLastMigration();
      const [undone] = (await current.query('SELECT secret, previous_secret FROM webhook_endpoints')) as (typeof row)[];
      assert.deepEqual({ ...undone }, { secret: 'whsec_current', previous_secret: 'whsec_previous' });
    } finally {
      await current.destroy();
      delete process.env.TOKEN_ENCRYPTION_KEYS;
    }
  });
});
