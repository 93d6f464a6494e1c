import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Facebook Data Deletion Requests, kept for their public status page (DESIGN §8). */
export class FacebookDataDeletions1765130000000 implements MigrationInterface {
  name = 'FacebookDataDeletions1765130000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'facebook_data_deletions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'confirmation_code', type: 'varchar', length: '64' },
          { name: 'facebook_user_hash', type: 'varchar', length: '64' },
          { name: 'connections_cleared', type: 'int' },
          { name: 'page_tokens_deleted', type: 'int' },
          { name: 'requested_at', type: 'datetime', precision: 3 },
          { name: 'completed_at', type: 'datetime', precision: 3 },
        ],
        uniques: [{ name: 'uq_facebook_data_deletions_code', columnNames: ['confirmation_code'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('facebook_data_deletions');
  }
}
