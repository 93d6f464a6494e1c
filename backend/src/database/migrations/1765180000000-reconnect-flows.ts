import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * A flow knows whether it was started to reconnect (re-consent over a live connection, which must come
 * back as the same external account) and, when it failed, a sentence that names who signed in.
 */
export class ReconnectFlows1765180000000 implements MigrationInterface {
  name = 'ReconnectFlows1765180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('oauth_flows', [
      new TableColumn({ name: 'purpose', type: 'varchar', length: '16', default: "'connect'" }),
      new TableColumn({ name: 'error_detail', type: 'varchar', length: '500', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('oauth_flows', ['purpose', 'error_detail']);
  }
}
