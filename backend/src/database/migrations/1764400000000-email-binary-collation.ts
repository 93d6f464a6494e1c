import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns holding e-mails that decide who signs in and who is throttled. */
const EMAIL_COLUMNS = [
  { table: 'users', column: 'email' },
  { table: 'login_attempts', column: 'subject' },
];

/** As `normalizeEmail` did when this migration was written; a migration never changes with the code. */
const normalize = (email: string) => email.trim().normalize('NFKC').toLowerCase();

/**
 * E-mails compared byte for byte. MySQL's default collations are accent- and case-insensitive, so
 * `agént@…` matched the row of `agent@…` in SQL while the app told them apart: the look-alike signed in
 * as the user and escaped (and reset) the user's sign-in throttle. SQLite compares BINARY already.
 * Stored addresses are brought to the normalised spelling first; two that collide stop the migration.
 */
export class EmailBinaryCollation1764400000000 implements MigrationInterface {
  name = 'EmailBinaryCollation1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const users = (await queryRunner.query('SELECT id, email FROM users')) as { id: string; email: string }[];
    for (const user of users.filter((u) => normalize(u.email) !== u.email)) {
      await queryRunner.query('UPDATE users SET email = ? WHERE id = ?', [normalize(user.email), user.id]);
    }
    await this.setCollation(queryRunner, 'utf8mb4_bin');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.setCollation(queryRunner, undefined);
  }

  private async setCollation(queryRunner: QueryRunner, collation: string | undefined): Promise<void> {
    if (queryRunner.connection.options.type !== 'mysql') return;
    for (const { table: name, column: columnName } of EMAIL_COLUMNS) {
      const table = await queryRunner.getTable(name);
      const column = table?.findColumnByName(columnName);
      if (!table || !column) throw new Error(`Migration ${this.name}: ${name}.${columnName} is missing`);
      const changed = column.clone();
      changed.charset = 'utf8mb4';
      changed.collation = collation;
      await queryRunner.changeColumn(table, column, changed);
    }
  }
}
