import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: name === 'id' });
const ref = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isNullable: nullable,
});
const key = (name = 'integration_key'): TableColumnOptions => ({ name, type: 'varchar', length: '64' });
const time = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  isNullable: nullable,
});
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

/** OAuth flows, connections, the revocation outbox and the audit trail. */
export class Integrations1764100000000 implements MigrationInterface {
  name = 'Integrations1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'oauth_flows',
        columns: [
          id(),
          ref('account_id'),
          ref('user_id'),
          key(),
          str('state_hash', 64, true),
          text('code_verifier_enc', true),
          str('browser_hash', 64),
          str('status', 16),
          str('error', 64, true),
          time('created_at'),
          time('expires_at'),
          time('consumed_at', true),
        ],
        indices: [
          { name: 'uq_oauth_flows_state_hash', columnNames: ['state_hash'], isUnique: true },
          { name: 'idx_oauth_flows_expires_at', columnNames: ['expires_at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'connections',
        columns: [
          id(),
          ref('account_id'),
          key(),
          str('status', 20),
          str('external_account_id', 255),
          str('external_account_name', 255),
          text('scopes'),
          text('access_token_enc'),
          text('refresh_token_enc', true),
          time('token_expires_at', true),
          time('refresh_lease_until', true),
          time('connected_at'),
          ref('connected_by_user_id'),
          str('connected_by_name', 200),
          time('updated_at'),
        ],
        uniques: [{ name: 'uq_connections_account_integration', columnNames: ['account_id', 'integration_key'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'revocation_outbox',
        columns: [
          id(),
          ref('account_id'),
          key(),
          text('tokens_enc'),
          { name: 'attempts', type: 'int' },
          str('last_error', 500, true),
          time('next_attempt_at'),
          time('created_at'),
        ],
        indices: [{ name: 'idx_revocation_outbox_next_attempt', columnNames: ['next_attempt_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          id(),
          ref('account_id'),
          key(),
          str('type', 32),
          ref('actor_user_id', true),
          str('actor_name', 200, true),
          str('ip', 64, true),
          str('request_id', 64, true),
          str('detail', 500, true),
          time('created_at'),
        ],
        indices: [{ name: 'idx_audit_account_integration_time', columnNames: ['account_id', 'integration_key', 'created_at'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_events', 'revocation_outbox', 'connections', 'oauth_flows']) {
      await queryRunner.dropTable(table);
    }
  }
}
