import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The append-only event log, the sequence that orders it, and its consumers' cursors (DESIGN §12). */
export class EventLog1764600000000 implements MigrationInterface {
  name = 'EventLog1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'event_sequence',
        columns: [
          { name: 'name', type: 'varchar', length: '32', isPrimary: true },
          { name: 'last_id', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.query(`INSERT INTO event_sequence (name, last_id) VALUES ('events', 0)`);
    await queryRunner.createTable(
      new Table({
        name: 'events',
        columns: [
          { name: 'id', type: 'bigint', isPrimary: true },
          { name: 'type', type: 'varchar', length: '64' },
          { name: 'account_id', type: 'varchar', length: '36' },
          { name: 'occurred_at', type: 'datetime', precision: 3 },
          { name: 'data', type: 'text' },
        ],
        indices: [{ name: 'idx_events_account_id', columnNames: ['account_id', 'id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'event_cursors',
        columns: [
          { name: 'consumer', type: 'varchar', length: '191', isPrimary: true },
          { name: 'position', type: 'bigint' },
          { name: 'lease_owner', type: 'varchar', length: '36', isNullable: true },
          { name: 'lease_until', type: 'datetime', precision: 3, isNullable: true },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['event_cursors', 'events', 'event_sequence']) await queryRunner.dropTable(table);
  }
}
