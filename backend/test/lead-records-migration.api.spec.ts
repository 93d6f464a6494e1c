import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { parseDatabaseSettings } from '../src/config';
import { databaseOptions } from '../src/database/database-options';
import { MIGRATIONS } from '../src/database/migrations';
import { LeadRecords1765140000000 } from '../src/database/migrations/1765140000000-lead-records';
import { freshDatabaseUrl, testDatabaseKind } from './support/test-database';

async function migrated(url: string, migrations: typeof MIGRATIONS): Promise<DataSource> {
  const options = databaseOptions(parseDatabaseSettings({ DATABASE_URL: url }));
  const dataSource = new DataSource({ ...options, migrations, migrationsRun: false });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

const contactRow = (
  id: string,
  account: string,
  lead: string,
  name: string,
  email: string | null,
  phone: string | null,
  at: string,
) => [id, account, 'facebook-lead-ads', lead, name, email, phone, '{}', at, at];

describe(`lead records migration (${testDatabaseKind()})`, () => {
  it('keeps every imported lead as a lead record and folds each person’s rows into their oldest contact', async () => {
    const url = await freshDatabaseUrl();
    const old = await migrated(
      url,
      MIGRATIONS.filter((migration) => migration !== LeadRecords1765140000000),
    );
    await old.query(
      `INSERT INTO accounts (id, name, created_at) VALUES ('a1', 'One', '2025-01-01 00:00:00'), ('a2', 'Two', '2025-01-01 00:00:00')`,
    );
    const rows = [
      contactRow('c1', 'a1', 'lead-1', 'Ada', 'Ada@Example.test', null, '2025-01-01 10:00:00.000'),
      contactRow('c2', 'a1', 'lead-2', 'Ada Lovelace', ' ada@example.test', '+1 555 010 0001', '2025-01-02 10:00:00.000'),
      contactRow('c3', 'a1', 'lead-3', 'A. Lovelace', null, '+15550100001', '2025-01-03 10:00:00.000'),
      contactRow('c4', 'a1', 'lead-4', 'Bob', 'bob@example.test', null, '2025-01-04 10:00:00.000'),
      contactRow('c5', 'a2', 'lead-5', 'Ada elsewhere', 'ada@example.test', null, '2025-01-05 10:00:00.000'),
    ];
    for (const row of rows) {
      await old.query(
        `INSERT INTO contacts (id, account_id, source, external_id, name, email, phone, attributes, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        row,
      );
    }
    await old.destroy();

    const current = await migrated(url, MIGRATIONS);
    try {
      const contacts = (await current.query(
        'SELECT id, name, email, phone, email_normalized, phone_normalized, external_id FROM contacts ORDER BY id',
      )) as Record<string, string | null>[];
      assert.deepEqual(contacts, [
        {
          id: 'c1',
          name: 'A. Lovelace',
          email: 'Ada@Example.test',
          phone: '+1 555 010 0001',
          email_normalized: 'ada@example.test',
          phone_normalized: '+15550100001',
          external_id: 'lead-1',
        },
        {
          id: 'c4',
          name: 'Bob',
          email: 'bob@example.test',
          phone: null,
          email_normalized: 'bob@example.test',
          phone_normalized: null,
          external_id: 'lead-4',
        },
        {
          id: 'c5',
          name: 'Ada elsewhere',
          email: 'ada@example.test',
          phone: null,
          email_normalized: 'ada@example.test',
          phone_normalized: null,
          external_id: 'lead-5',
        },
      ]);
      const leads = (await current.query('SELECT external_id, contact_id FROM lead_records ORDER BY external_id')) as {
        external_id: string;
        contact_id: string;
      }[];
      assert.deepEqual(
        leads.map((lead) => [lead.external_id, lead.contact_id]),
        [
          ['lead-1', 'c1'],
          ['lead-2', 'c1'],
          ['lead-3', 'c1'],
          ['lead-4', 'c4'],
          ['lead-5', 'c5'],
        ],
      );
      await current.undoLastMigration();
      assert.equal(
        Number((await current.query('SELECT COUNT(*) AS n FROM contacts'))[0].n),
        3,
        'undoing it keeps the merged contacts',
      );
    } finally {
      await current.destroy();
    }
  });
});
