import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: name === 'id' });
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
 * Built-in lead destinations (Slack lead alerts, Google Sheets lead rows): one settings row per
 * (account, integration) and one delivery per (event, destination), unique by its idempotency key.
 */
export class LeadDestinations1765150000000 implements MigrationInterface {
  name = 'LeadDestinations1765150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'lead_destinations',
        columns: [
          id(),
          id('account_id'),
          str('integration_key', 64),
          { name: 'settings', type: 'text' },
          time('last_delivered_at', true),
          str('last_error', 500, true),
          time('last_error_at', true),
          time('created_at'),
          time('updated_at'),
        ],
        uniques: [{ name: 'uq_lead_destinations_account_key', columnNames: ['account_id', 'integration_key'] }],
        foreignKeys: [
          { columnNames: ['account_id'], referencedTableName: 'accounts', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'lead_deliveries',
        columns: [
          id(),
          id('destination_id'),
          { name: 'event_id', type: 'bigint' },
          str('idempotency_key', 100),
          str('status', 16),
          { name: 'attempts', type: 'int' },
          time('next_attempt_at'),
          str('lease_owner', 36, true),
          time('lease_until', true),
          str('summary', 255),
          str('last_error', 500, true),
          time('delivered_at', true),
          time('created_at'),
          time('updated_at'),
        ],
        uniques: [{ name: 'uq_lead_deliveries_idempotency', columnNames: ['idempotency_key'] }],
        indices: [{ name: 'idx_lead_deliveries_destination_event', columnNames: ['destination_id', 'status', 'event_id'] }],
        foreignKeys: [
          {
            columnNames: ['destination_id'],
            referencedTableName: 'lead_destinations',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('lead_deliveries');
    await queryRunner.dropTable('lead_destinations');
  }
}
