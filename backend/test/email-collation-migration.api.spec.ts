import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { parseDatabaseSettings } from '../src/config';
import { databaseOptions } from '../src/database/database-options';
import { MIGRATIONS } from '../src/database/migrations';
import { EmailBinaryCollation1764400000000 } from '../src/database/migrations/1764400000000-email-binary-collation';
import { freshDatabaseUrl, testDatabaseKind } from './support/test-database';

async function migrated(url: string, migrations: typeof MIGRATIONS): Promise<DataSource> {
  const options = databaseOptions(parseDatabaseSettings({ DATABASE_URL: url }));
  const dataSource = new DataSource({ ...options, migrations, migrationsRun: false });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

describe(`e-mail collation migration (${testDatabaseKind()})`, () => {
  it('brings stored e-mails to their normalised spelling, makes them byte-exact, and can be undone', async () => {
    const url = await freshDatabaseUrl();
    const before = MIGRATIONS.filter((migration) => migration !== EmailBinaryCollation1764400000000);
    const old = await migrated(url, before);
    await old.query(
      `INSERT INTO users (id, email, name, password_hash, created_at) VALUES
       ('u1', ' ｕｓｅｒ@aurora.test', 'Wide', 'x', '2025-01-01 00:00:00'),
       ('u2', 'agent@aurora.test', 'Agent', 'x', '2025-01-01 00:00:00')`,
    );
    await old.destroy();

    const current = await migrated(url, MIGRATIONS);
    try {
      const emails = (await current.query('SELECT email FROM users ORDER BY id')) as { email: string }[];
      assert.deepEqual(
        emails.map((row) => row.email),
        ['user@aurora.test', 'agent@aurora.test'],
      );
      const lookAlike = await current.query('SELECT id FROM users WHERE email = ?', ['agént@aurora.test']);
      assert.deepEqual(lookAlike, [], 'an accented look-alike matches no row');
      await current.undoLastMigration();
      assert.equal(Number((await current.query('SELECT COUNT(*) AS n FROM users'))[0].n), 2, 'undoing it keeps the users');
    } finally {
      await current.destroy();
    }
  });
});
