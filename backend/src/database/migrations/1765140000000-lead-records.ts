import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex, TableUnique } from 'typeorm';

/** As `normalizeContactEmail`/`normalizePhone` were when this was written; a migration never changes with the code. */
const normalizeEmail = (email: string | null) => {
  const normalized = email?.trim().normalize('NFKC').toLowerCase();
  return normalized && normalized.includes('@') ? normalized.slice(0, 320) : null;
};
const normalizePhone = (phone: string | null) => {
  const trimmed = phone?.trim() ?? '';
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 6) return null;
  return (trimmed.startsWith('+') ? `+${digits}` : digits).slice(0, 64);
};

/** Map keys for a row's e-mail and phone (null where it has none), scoped to its account. */
const identityKeys = (row: ContactRow) =>
  [normalizeEmail(row.email), normalizePhone(row.phone)].map((key, i) => (key ? `${row.account_id}|${i}|${key}` : null));

interface ContactRow {
  id: string;
  account_id: string;
  source: string;
  external_id: string;
  name: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  created_at: unknown;
}

/** A UNIQUE key on contacts as TypeORM keeps `@Unique`: a unique index on MySQL, a table constraint on SQLite. */
async function createUnique(queryRunner: QueryRunner, name: string, columnNames: string[]): Promise<void> {
  if (queryRunner.connection.options.type === 'mysql') {
    await queryRunner.createIndex('contacts', new TableIndex({ name, columnNames, isUnique: true }));
  } else {
    await queryRunner.createUniqueConstraint('contacts', new TableUnique({ name, columnNames }));
  }
}

async function dropUnique(queryRunner: QueryRunner, name: string): Promise<void> {
  if (queryRunner.connection.options.type === 'mysql') await queryRunner.dropIndex('contacts', name);
  else await queryRunner.dropUniqueConstraint('contacts', name);
}

const str = (name: string, length: number, nullable = false) =>
  new TableColumn({ name, type: 'varchar', length: String(length), isNullable: nullable });

/**
 * One contact per person. Every lead becomes a lead record (the import's dedupe moves to its UNIQUE
 * key); contacts gain normalised e-mail/phone columns, UNIQUE per account, that leads are matched on.
 * Existing contacts of one person (same e-mail or phone) are merged into the oldest, which keeps
 * `source`/`external_id` as where the person first came from; each merged row's lead stays as a lead
 * record. Their raw answers were never stored, so those records carry none. Runs in memory: fine for
 * the contact counts this product has had so far.
 */
export class LeadRecords1765140000000 implements MigrationInterface {
  name = 'LeadRecords1765140000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type === 'mysql';
    const email = str('email_normalized', 320, true);
    // Matched byte for byte like users' e-mails (see EmailBinaryCollation1764400000000); SQLite is BINARY.
    if (mysql) Object.assign(email, { charset: 'utf8mb4', collation: 'utf8mb4_bin' });
    await queryRunner.addColumns('contacts', [email, str('phone_normalized', 64, true)]);

    const leads = await this.mergePeople(queryRunner);

    await dropUnique(queryRunner, 'uq_contacts_account_source_external');
    await createUnique(queryRunner, 'uq_contacts_account_email', ['account_id', 'email_normalized']);
    await createUnique(queryRunner, 'uq_contacts_account_phone', ['account_id', 'phone_normalized']);
    await queryRunner.createTable(
      new Table({
        name: 'lead_records',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          str('account_id', 36),
          str('contact_id', 36),
          str('source', 64),
          str('external_id', 191),
          str('form_id', 64, true),
          str('form_name', 255, true),
          str('page_id', 64, true),
          str('platform', 16, true),
          { name: 'attribution', type: 'text' },
          { name: 'consent', type: 'text' },
          { name: 'answers', type: 'text' },
          { name: 'is_test', type: 'boolean' },
          { name: 'received_at', type: 'datetime', precision: 3 },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        uniques: [{ name: 'uq_lead_records_account_source_external', columnNames: ['account_id', 'source', 'external_id'] }],
        indices: [{ name: 'idx_lead_records_contact_received', columnNames: ['contact_id', 'received_at'] }],
        foreignKeys: [
          { columnNames: ['account_id'], referencedTableName: 'accounts', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['contact_id'], referencedTableName: 'contacts', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    const columns = Object.keys(leads[0] ?? {});
    for (let i = 0; i < leads.length; i += 200) {
      const batch = leads.slice(i, i + 200);
      const rows = batch.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      await queryRunner.query(
        `INSERT INTO lead_records (${columns.join(', ')}) VALUES ${rows}`,
        batch.flatMap((lead) => columns.map((column) => lead[column])),
      );
    }
  }

  /** Sets the normalised columns, folds each person's later rows into the oldest; returns every lead. */
  private async mergePeople(queryRunner: QueryRunner): Promise<Record<string, unknown>[]> {
    const rows = (await queryRunner.query(
      'SELECT id, account_id, source, external_id, name, first_name, last_name, email, phone, created_at FROM contacts ORDER BY created_at, id',
    )) as ContactRow[];
    const owners = new Map<string, ContactRow>();
    const leads: Record<string, unknown>[] = [];
    for (const row of rows) {
      const keys = identityKeys(row);
      const owner = keys.map((k) => (k ? owners.get(k) : undefined)).find(Boolean);
      const kept = owner ?? row;
      leads.push({
        id: randomUUID(),
        account_id: row.account_id,
        contact_id: kept.id,
        source: row.source,
        external_id: row.external_id,
        attribution: '{}',
        consent: '[]',
        answers: '[]',
        is_test: 0,
        received_at: row.created_at,
        created_at: row.created_at,
      });
      if (owner) {
        // Fill what the older row lacks; the later row's name wins, as a later lead's does.
        // An e-mail or phone is filled in only while no other person has it (the UNIQUE index would refuse).
        if (!owner.email && !owners.has(keys[0] ?? '')) owner.email = row.email;
        if (!owner.phone && !owners.has(keys[1] ?? '')) owner.phone = row.phone;
        for (const column of ['name', 'first_name', 'last_name'] as const) owner[column] = row[column] ?? owner[column];
        await queryRunner.query('DELETE FROM contacts WHERE id = ?', [row.id]);
      }
      for (const key of identityKeys(kept)) if (key && !owners.has(key)) owners.set(key, kept);
    }
    for (const row of new Set(owners.values())) {
      await queryRunner.query(
        'UPDATE contacts SET name = ?, first_name = ?, last_name = ?, email = ?, phone = ?, email_normalized = ?, phone_normalized = ? WHERE id = ?',
        [
          row.name,
          row.first_name,
          row.last_name,
          row.email,
          row.phone,
          normalizeEmail(row.email),
          normalizePhone(row.phone),
          row.id,
        ],
      );
    }
    return leads;
  }

  /** Merged contacts stay merged: the rows folded into one person cannot be told apart again. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('lead_records');
    await dropUnique(queryRunner, 'uq_contacts_account_phone');
    await dropUnique(queryRunner, 'uq_contacts_account_email');
    await createUnique(queryRunner, 'uq_contacts_account_source_external', ['account_id', 'source', 'external_id']);
    await queryRunner.dropColumns('contacts', ['phone_normalized', 'email_normalized']);
  }
}
