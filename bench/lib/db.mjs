// The same drivers the app uses (better-sqlite3, mysql2), for seeding and for the baseline server.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../backend/package.json', import.meta.url));

/**
 * @typedef {Record<string, any>} Row a row as the driver returns it (column names as written in the SQL)
 * @typedef {(sql: string, params?: unknown[]) => Promise<Row[]>} Query
 * @typedef {{
 *   query: Query,
 *   transaction: <T>(work: (query: Query) => Promise<T>) => Promise<T>,
 *   close: () => Promise<void>,
 * }} Queries
 * @typedef {Queries & { kind: 'mysql' } | Queries & { kind: 'sqlite', raw: import('better-sqlite3').Database }} BenchDatabase
 */

/**
 * @param {string} databaseUrl `mysql://…` or `sqlite:<path>`
 * @returns {BenchDatabase}
 */
export function openDatabase(databaseUrl) {
  if (databaseUrl.startsWith('mysql:')) {
    const mysql = require('mysql2/promise');
    const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 20, timezone: 'Z' });
    return {
      kind: 'mysql',
      query: async (sql, params = []) => /** @type {Row[]} */ ((await pool.query(sql, params))[0]),
      // One transaction on one pooled connection.
      transaction: async (work) => {
        const connection = await pool.getConnection();
        try {
          await connection.beginTransaction();
          const result = await work(async (sql, params = []) => /** @type {Row[]} */ ((await connection.query(sql, params))[0]));
          await connection.commit();
          return result;
        } catch (error) {
          await connection.rollback();
          throw error;
        } finally {
          connection.release();
        }
      },
      close: () => pool.end(),
    };
  }
  /** @type {typeof import('better-sqlite3')} */
  const Database = require('better-sqlite3');
  const db = new Database(databaseUrl.replace(/^sqlite:/, ''));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  /** @type {Query} */
  const query = async (sql, params = []) => {
    const statement = db.prepare(sql);
    if (statement.reader) return /** @type {Row[]} */ (statement.all(...params));
    statement.run(...params);
    return [];
  };
  return {
    kind: 'sqlite',
    raw: db,
    query,
    // IMMEDIATE takes the write lock up front, as the app's writers do; one connection, so one at a time.
    transaction: async (work) => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(query);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    close: async () => {
      db.close();
    },
  };
}
