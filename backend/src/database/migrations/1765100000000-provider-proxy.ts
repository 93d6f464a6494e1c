import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

const time = (name: string) => ({ name, type: 'datetime', precision: 3, isNullable: true });

/**
 * The API host a connection's provider named in its token response (Salesforce's `instance_url`), and one
 * usage row per connection for the provider proxy: calls are counted per UTC day in place (`usage_day`
 * holds the day the counter belongs to), so no row is written per call.
 */
export class ProviderProxy1765100000000 implements MigrationInterface {
  name = 'ProviderProxy1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'connections',
      new TableColumn({ name: 'instance_url', type: 'varchar', length: '500', isNullable: true }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'connection_usage',
        columns: [
          { name: 'connection_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'usage_day', type: 'varchar', length: '10' },
          { name: 'calls_today', type: 'int' },
          time('last_used_at'),
          { name: 'last_error', type: 'varchar', length: '300', isNullable: true },
          time('audited_at'),
        ],
        foreignKeys: [
          {
            columnNames: ['connection_id'],
            referencedTableName: 'connections',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('connection_usage');
    await queryRunner.dropColumn('connections', 'instance_url');
  }
}
