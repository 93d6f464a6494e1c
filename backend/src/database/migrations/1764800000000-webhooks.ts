import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: name === 'id' });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', isNullable: nullable });
const time = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});
const cascade = (column: string, table: string) => ({
  columnNames: [column],
  referencedTableName: table,
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
});

/** Outbound webhooks: endpoints per account, the delivery outbox, and each attempt (DESIGN §12). */
export class Webhooks1764800000000 implements MigrationInterface {
  name = 'Webhooks1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'webhook_endpoints',
        columns: [
          id(),
          id('account_id'),
          str('url', 2000),
          { name: 'event_types', type: 'text' },
          { name: 'enabled', type: 'boolean' },
          str('disabled_reason', 500, true),
          str('secret', 100),
          str('previous_secret', 100, true),
          time('previous_secret_until', true),
          time('secret_rotated_at', true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ name: 'idx_webhook_endpoints_account', columnNames: ['account_id', 'created_at'] }],
        foreignKeys: [cascade('account_id', 'accounts')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          id(),
          id('endpoint_id'),
          id('account_id'),
          { name: 'event_id', type: 'bigint', isNullable: true },
          str('event_type', 64),
          str('message_id', 64),
          { name: 'payload', type: 'text' },
          str('status', 16),
          int('attempts'),
          time('next_attempt_at', true),
          str('lease_owner', 36, true),
          time('lease_until', true),
          time('last_attempt_at', true),
          int('last_status_code', true),
          int('last_duration_ms', true),
          str('last_error', 500, true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [
          { name: 'idx_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'idx_webhook_deliveries_endpoint', columnNames: ['endpoint_id', 'created_at'] },
        ],
        foreignKeys: [cascade('endpoint_id', 'webhook_endpoints')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_attempts',
        columns: [
          id(),
          id('delivery_id'),
          time('attempted_at'),
          int('status_code', true),
          int('duration_ms'),
          str('error', 500, true),
          { name: 'response_body', type: 'text', isNullable: true },
        ],
        indices: [
          { name: 'idx_webhook_attempts_delivery', columnNames: ['delivery_id', 'attempted_at'] },
          { name: 'idx_webhook_attempts_time', columnNames: ['attempted_at'] },
        ],
        foreignKeys: [cascade('delivery_id', 'webhook_deliveries')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_endpoints']) await queryRunner.dropTable(table);
  }
}
