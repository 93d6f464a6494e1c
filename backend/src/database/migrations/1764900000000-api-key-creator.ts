import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Who created an API key, for the Settings list. The name is a snapshot (like a connection's
 * `connected_by_name`) so the list reads one table and survives the person leaving the account.
 * Keys made with the CLI have no creator.
 */
export class ApiKeyCreator1764900000000 implements MigrationInterface {
  name = 'ApiKeyCreator1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('api_keys', [
      new TableColumn({ name: 'created_by_user_id', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'created_by_name', type: 'varchar', length: '200', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('api_keys', 'created_by_name');
    await queryRunner.dropColumn('api_keys', 'created_by_user_id');
  }
}
