// B4 seeding: fill `connections` with other accounts' rows (10 per account) up to a total count,
// through the driver directly — the app's own code is what gets measured afterwards, not the seeding.
import { openDatabase } from '../lib/db.mjs';

export const PER_ACCOUNT = 10;
const BATCH = 2_000;

/**
 * @param {string} databaseUrl
 * @param {number} total connection rows wanted in the table
 */
export async function seedConnections(databaseUrl, total) {
  const started = Date.now();
  const db = openDatabase(databaseUrl);
  const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM connections');
  const now = new Date().toISOString().slice(0, 23).replace('T', ' ');
  const columns =
    '(id, account_id, integration_key, status, external_account_id, external_account_name, scopes, access_token_enc, connected_at, connected_by_user_id, connected_by_name, updated_at)';
  const rowFor = (/** @type {number} */ i) => {
    const account = `bench-account-${String(Math.floor(i / PER_ACCOUNT)).padStart(8, '0')}`;
    return [
      `bench-conn-${String(i).padStart(12, '0')}`.slice(0, 36),
      account.slice(0, 36),
      `bench-${i % PER_ACCOUNT}`,
      'connected',
      'ext',
      'Bench external account',
      'read',
      'v1.bench.x.y.z',
      now,
      'bench-user',
      'Bench',
      now,
    ];
  };
  let next = Number(n);
  if (db.kind === 'sqlite') {
    const insert = db.raw.prepare(`INSERT INTO connections ${columns} VALUES (${Array(12).fill('?').join(',')})`);
    db.raw.transaction(() => {
      for (; next < total; next++) insert.run(...rowFor(next));
    })();
  } else {
    while (next < total) {
      const count = Math.min(BATCH, total - next);
      const values = Array.from({ length: count }, (_, j) => rowFor(next + j));
      await db.query(`INSERT INTO connections ${columns} VALUES ?`, [values]);
      next += count;
    }
  }
  await db.close();
  return { seconds: (Date.now() - started) / 1000 };
}
