import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Connection health (DESIGN §11) and the scheduled refresh's backoff: the last check's state and reason,
 * and when the refresh job may try again after a transient failure. Indexed by token expiry, the column
 * the refresh job scans.
 */
export class ConnectionHealth1765110000000 implements MigrationInterface {
  name = 'ConnectionHealth1765110000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('connections', [
      new TableColumn({ name: 'health_state', type: 'varchar', length: '20', default: "'healthy'" }),
      new TableColumn({ name: 'health_checked_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'health_reason', type: 'varchar', length: '500', isNullable: true }),
      new TableColumn({ name: 'refresh_failures', type: 'int', default: 0 }),
      new TableColumn({ name: 'next_refresh_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'connections',
      new TableIndex({ name: 'idx_connections_token_expires_at', columnNames: ['token_expires_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('connections', 'idx_connections_token_expires_at');
    for (const column of ['next_refresh_at', 'refresh_failures', 'health_reason', 'health_checked_at', 'health_state']) {
      await queryRunner.dropColumn('connections', column);
    }
  }
}
