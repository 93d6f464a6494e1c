import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * The adaptive Lead Ads backfill: each form's next due time (NULL = due at once, so every form already
 * connected is polled on the first tick), when its last complete pass started, and how many passes in a
 * row failed (the exponent of its backoff). The index lets a tick read only the due forms.
 */
export class BackfillCadence1765175000000 implements MigrationInterface {
  name = 'BackfillCadence1765175000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('facebook_form_connections', [
      new TableColumn({ name: 'backfill_due_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'backfill_polled_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'backfill_failures', type: 'int', default: 0 }),
    ]);
    await queryRunner.createIndex(
      'facebook_form_connections',
      new TableIndex({ name: 'idx_facebook_form_connections_backfill_due', columnNames: ['backfill_due_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('facebook_form_connections', 'idx_facebook_form_connections_backfill_due');
    await queryRunner.dropColumns('facebook_form_connections', ['backfill_due_at', 'backfill_polled_at', 'backfill_failures']);
  }
}
