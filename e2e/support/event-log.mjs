// Writes to the app's event log from outside, exactly as EventsService.append does (the sequence row,
// then the row, in one transaction). live-updates.e2e.mjs uses it for the events whose recording is
// being wired in parallel (issue #14 item 1): once the app records them itself, the appends go.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../backend/package.json', import.meta.url));

/**
 * @typedef {{ run: (sql: string, params: unknown[]) => Promise<unknown>,
 *             all: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]> }} Statements
 */

/**
 * Runs `work` in one transaction on the app's database.
 * @template T
 * @param {string} database `mysql://…` or `sqlite:<path>`
 * @param {(db: Statements) => Promise<T>} work
 * @returns {Promise<T>}
 */
async function inTransaction(database, work) {
  if (database.startsWith('mysql:')) {
    const mysql = require('mysql2/promise');
    const connection = await mysql.createConnection({ uri: database });
    try {
      await connection.beginTransaction();
      const result = await work({
        run: (sql, params) => connection.query(sql, params),
        all: async (sql, params) => /** @type {Record<string, unknown>[]} */ ((await connection.query(sql, params))[0]),
      });
      await connection.commit();
      return result;
    } finally {
      await connection.end();
    }
  }
  /** @type {typeof import('better-sqlite3')} */
  const Database = require('better-sqlite3');
  const db = new Database(database.replace(/^sqlite:/, ''));
  db.pragma('busy_timeout = 5000');
  try {
    db.exec('BEGIN IMMEDIATE');
    const result = await work({
      run: async (sql, params) => db.prepare(sql).run(...params),
      all: async (sql, params) => /** @type {Record<string, unknown>[]} */ (db.prepare(sql).all(...params)),
    });
    db.exec('COMMIT');
    return result;
  } finally {
    db.close();
  }
}

/**
 * Appends one event to the log of the app.
 * @param {{ database: string }} app
 * @param {{ type: string, accountId: string, data: Record<string, unknown> }} event
 */
export function appendEvent(app, { type, accountId, data }) {
  const occurredAt = new Date().toISOString().slice(0, 23).replace('T', ' ');
  return inTransaction(app.database, async (db) => {
    await db.run(`UPDATE event_sequence SET last_id = last_id + 1 WHERE name = 'events'`, []);
    await db.run(
      `INSERT INTO events (id, type, account_id, occurred_at, data)
       SELECT last_id, ?, ?, ?, ? FROM event_sequence WHERE name = 'events'`,
      [type, accountId, occurredAt, JSON.stringify(data)],
    );
  });
}

/**
 * The id of the contact a lead became.
 * @param {{ database: string }} app
 * @param {string} leadgenId
 * @returns {Promise<string>}
 */
export async function contactIdOfLead(app, leadgenId) {
  const [row] = await inTransaction(app.database, (db) => db.all('SELECT id FROM contacts WHERE external_id = ?', [leadgenId]));
  if (!row) throw new Error(`No contact for lead ${leadgenId}`);
  return String(row.id);
}
