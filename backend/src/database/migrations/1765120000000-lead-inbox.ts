import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions } from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const time = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});

/**
 * The durable Lead Ads inbox (DESIGN §8): every notified lead is a row before the webhook is answered,
 * and workers import it later. No foreign key to the form connection on purpose: a disconnect must not
 * delete leads that were never imported. Form connections get a state for forms Facebook refuses to read.
 */
export class LeadInbox1765120000000 implements MigrationInterface {
  name = 'LeadInbox1765120000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'lead_inbox',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          str('account_id', 36),
          str('form_connection_id', 36),
          str('page_id', 64),
          str('form_id', 64),
          str('leadgen_id', 64),
          str('status', 16),
          { name: 'attempts', type: 'int', default: 0 },
          time('next_attempt_at'),
          str('lease_owner', 36, true),
          time('lease_until', true),
          str('last_error', 500, true),
          time('received_at'),
          time('imported_at', true),
        ],
        uniques: [{ name: 'uq_lead_inbox_account_leadgen', columnNames: ['account_id', 'leadgen_id'] }],
        indices: [
          { name: 'idx_lead_inbox_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'idx_lead_inbox_form', columnNames: ['form_connection_id', 'status'] },
        ],
        foreignKeys: [
          { columnNames: ['account_id'], referencedTableName: 'accounts', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    // When Facebook last rejected the account's user token: it limits page and form management only.
    await queryRunner.createTable(
      new Table({
        name: 'facebook_user_token_rejections',
        columns: [
          { name: 'account_id', type: 'varchar', length: '36', isPrimary: true },
          time('rejected_at'),
          str('reason', 500),
        ],
        foreignKeys: [
          { columnNames: ['account_id'], referencedTableName: 'accounts', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.addColumns('facebook_form_connections', [
      new TableColumn({ name: 'state', type: 'varchar', length: '16', default: "'active'" }),
      new TableColumn(str('state_reason', 500, true)),
      new TableColumn(time('state_changed_at', true)),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('facebook_form_connections', ['state', 'state_reason', 'state_changed_at']);
    await queryRunner.dropTable('facebook_user_token_rejections');
    await queryRunner.dropTable('lead_inbox');
  }
}
