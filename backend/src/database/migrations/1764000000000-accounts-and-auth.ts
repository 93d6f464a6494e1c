import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const str = (name: string, length: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  ...extra,
});
const time = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});

/** Accounts, users and their roles; browser sessions, service API keys and sign-in throttling. */
export class AccountsAndAuth1764000000000 implements MigrationInterface {
  name = 'AccountsAndAuth1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({ name: 'accounts', columns: [str('id', 36, { isPrimary: true }), str('name', 200), time('created_at')] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          str('id', 36, { isPrimary: true }),
          str('email', 254),
          str('name', 200),
          str('password_hash', 255),
          time('created_at'),
        ],
        uniques: [{ name: 'uq_users_email', columnNames: ['email'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'memberships',
        columns: [
          str('id', 36, { isPrimary: true }),
          str('user_id', 36),
          str('account_id', 36),
          { name: 'roles', type: 'text' },
          time('created_at'),
        ],
        uniques: [{ name: 'uq_memberships_user_account', columnNames: ['user_id', 'account_id'] }],
        foreignKeys: [
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['account_id'], referencedTableName: 'accounts', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          str('id', 64, { isPrimary: true }),
          str('user_id', 36),
          str('account_id', 36),
          time('created_at'),
          time('last_seen_at'),
          time('expires_at'),
        ],
        indices: [{ name: 'idx_sessions_user', columnNames: ['user_id'] }],
        foreignKeys: [
          { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          str('id', 36, { isPrimary: true }),
          str('account_id', 36),
          str('name', 100),
          str('prefix', 16),
          str('key_hash', 64),
          { name: 'scopes', type: 'text' },
          time('created_at'),
          time('last_used_at', true),
          time('revoked_at', true),
        ],
        uniques: [{ name: 'uq_api_keys_key_hash', columnNames: ['key_hash'] }],
        indices: [{ name: 'idx_api_keys_account', columnNames: ['account_id'] }],
        foreignKeys: [
          { columnNames: ['account_id'], referencedTableName: 'accounts', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'login_attempts',
        columns: [str('subject', 300, { isPrimary: true }), { name: 'failures', type: 'int' }, time('window_started_at')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['login_attempts', 'api_keys', 'sessions', 'memberships', 'users', 'accounts'])
      await queryRunner.dropTable(table);
  }
}
