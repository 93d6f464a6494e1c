import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKeyOptions } from 'typeorm';

const id = (): TableColumnOptions => ({ name: 'id', type: 'varchar', length: '36', isPrimary: true });
const ref = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '36' });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const text = (name: string): TableColumnOptions => ({ name, type: 'text' });
const time = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});

/** Page tokens and form connections live and die with the Facebook connection they came from. */
const ofConnection: TableForeignKeyOptions = {
  columnNames: ['connection_id'],
  referencedTableName: 'connections',
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
};

/** Imported contacts, and the Facebook pages and lead forms that feed them. */
export class FacebookLeadAdsAndContacts1764200000000 implements MigrationInterface {
  name = 'FacebookLeadAdsAndContacts1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'contacts',
        columns: [
          id(),
          ref('account_id'),
          str('source', 64),
          str('external_id', 191),
          str('name', 255, true),
          str('first_name', 255, true),
          str('last_name', 255, true),
          str('email', 320, true),
          str('phone', 64, true),
          text('attributes'),
          time('created_at'),
          time('updated_at'),
        ],
        uniques: [{ name: 'uq_contacts_account_source_external', columnNames: ['account_id', 'source', 'external_id'] }],
        indices: [
          { name: 'idx_contacts_account_created', columnNames: ['account_id', 'created_at', 'id'] },
          { name: 'idx_contacts_account_source_created', columnNames: ['account_id', 'source', 'created_at', 'id'] },
        ],
        foreignKeys: [
          { columnNames: ['account_id'], referencedTableName: 'accounts', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'facebook_pages',
        columns: [
          id(),
          ref('account_id'),
          ref('connection_id'),
          str('page_id', 64),
          str('name', 255),
          str('category', 255, true),
          text('access_token_enc'),
          time('updated_at'),
        ],
        uniques: [{ name: 'uq_facebook_pages_account_page', columnNames: ['account_id', 'page_id'] }],
        foreignKeys: [ofConnection],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'facebook_form_connections',
        columns: [
          id(),
          ref('account_id'),
          ref('connection_id'),
          str('page_id', 64),
          str('form_id', 64),
          str('form_name', 255),
          text('mapping'),
          { name: 'leads_imported', type: 'int', default: 0 },
          time('last_lead_at', true),
          time('backfill_since'),
          time('backfill_lease_until', true),
          time('created_at'),
          time('updated_at'),
        ],
        uniques: [{ name: 'uq_facebook_form_connections_account_form', columnNames: ['account_id', 'form_id'] }],
        indices: [{ name: 'idx_facebook_form_connections_form', columnNames: ['form_id'] }],
        foreignKeys: [ofConnection],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['facebook_form_connections', 'facebook_pages', 'contacts']) await queryRunner.dropTable(table);
  }
}
