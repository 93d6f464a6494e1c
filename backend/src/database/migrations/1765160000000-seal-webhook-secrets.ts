import { MigrationInterface, QueryRunner } from 'typeorm';
import { parseSecuritySettings } from '../../config';
import { TokenCipher } from '../../integrations/connections/token-cipher';

/** Sealed `whsec_…` secrets are about 130 characters; 500 leaves room for longer key ids. */
const SEALED_LENGTH = 500;

interface EndpointSecrets {
  id: string;
  account_id: string;
  secret: string;
  previous_secret: string | null;
}

/** As signing-secret-seal.ts binds them when this was written; a migration never changes with the code. */
const context = (row: EndpointSecrets) => ({
  accountId: row.account_id,
  integrationKey: `webhook-endpoint:${row.id}`,
  field: 'webhook_secret' as const,
});

/**
 * Webhook signing secrets were stored in the clear: anyone reading a backup could sign deliveries. They
 * are sealed with the token cipher like OAuth tokens. MySQL enforces the column length, so it is widened
 * first; SQLite does not enforce varchar lengths, so its columns stay as they are.
 */
export class SealWebhookSecrets1765160000000 implements MigrationInterface {
  name = 'SealWebhookSecrets1765160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.setLength(queryRunner, SEALED_LENGTH);
    const rows = (await queryRunner.query(
      'SELECT id, account_id, secret, previous_secret FROM webhook_endpoints',
    )) as EndpointSecrets[];
    const plain = (value: string | null): value is string => value !== null && value.startsWith('whsec_');
    const toSeal = rows.filter((row) => plain(row.secret) || plain(row.previous_secret));
    if (toSeal.length === 0) return;
    // Read only when there is something to seal: the same key ring the app then decrypts with.
    const cipher = new TokenCipher(parseSecuritySettings(process.env).tokenKeys);
    for (const row of toSeal) {
      const seal = (value: string | null) => (plain(value) ? cipher.encrypt(value, context(row)) : value);
      await queryRunner.query('UPDATE webhook_endpoints SET secret = ?, previous_secret = ? WHERE id = ?', [
        seal(row.secret),
        seal(row.previous_secret),
        row.id,
      ]);
    }
  }

  /** Back to plaintext, which the previous code reads; the columns keep their width until then. */
  async down(queryRunner: QueryRunner): Promise<void> {
    const rows = (await queryRunner.query(
      'SELECT id, account_id, secret, previous_secret FROM webhook_endpoints',
    )) as EndpointSecrets[];
    if (rows.length > 0) {
      const cipher = new TokenCipher(parseSecuritySettings(process.env).tokenKeys);
      for (const row of rows) {
        const open = (value: string | null) => (value?.startsWith('v1.') ? cipher.decrypt(value, context(row)) : value);
        await queryRunner.query('UPDATE webhook_endpoints SET secret = ?, previous_secret = ? WHERE id = ?', [
          open(row.secret),
          open(row.previous_secret),
          row.id,
        ]);
      }
    }
    await this.setLength(queryRunner, 100);
  }

  private async setLength(queryRunner: QueryRunner, length: number): Promise<void> {
    if (queryRunner.connection.options.type !== 'mysql') return;
    await queryRunner.query(
      `ALTER TABLE webhook_endpoints MODIFY secret varchar(${length}) NOT NULL, MODIFY previous_secret varchar(${length}) NULL`,
    );
  }
}
