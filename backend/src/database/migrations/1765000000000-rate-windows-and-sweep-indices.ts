import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Per-API-key request counters (one row per key and fixed window, shared by every instance), and the
 * indices housekeeping needs so each batched DELETE finds its rows without scanning the table.
 */
export class RateWindowsAndSweepIndices1765000000000 implements MigrationInterface {
  name = 'RateWindowsAndSweepIndices1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'api_key_rate_windows',
        columns: [
          { name: 'api_key_id', type: 'varchar', length: '36', isPrimary: true },
          // Unix seconds at which the window started: integer arithmetic behaves the same on both databases.
          { name: 'window_start', type: 'bigint', isPrimary: true },
          { name: 'hits', type: 'int' },
        ],
        indices: [{ name: 'idx_api_key_rate_windows_start', columnNames: ['window_start'] }],
        foreignKeys: [
          { columnNames: ['api_key_id'], referencedTableName: 'api_keys', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.createIndex('sessions', new TableIndex({ name: 'idx_sessions_expires_at', columnNames: ['expires_at'] }));
    await queryRunner.createIndex(
      'login_attempts',
      new TableIndex({ name: 'idx_login_attempts_window', columnNames: ['window_started_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('login_attempts', 'idx_login_attempts_window');
    await queryRunner.dropIndex('sessions', 'idx_sessions_expires_at');
    await queryRunner.dropTable('api_key_rate_windows');
  }
}
