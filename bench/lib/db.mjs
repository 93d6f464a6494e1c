// The same drivers the app uses (better-sqlite3, mysql2), for seeding and for the baseline server.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../backend/package.json', import.meta.url));

export function openDatabase(databaseUrl) {
  if (databaseUrl.startsWith('mysql:')) {
    const mysql = require('mysql2/promise');
    const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 20, timezone: 'Z' });
    return {
      kind: 'mysql',
      query: async (sql, params = []) => (await pool.query(sql, params))[0],
      close: () => pool.end(),
    };
  }
  const Database = require('better-sqlite3');
  const db = new Database(databaseUrl.replace(/^sqlite:/, ''));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return {
    kind: 'sqlite',
    raw: db,
    query: async (sql, params = []) => {
      const statement = db.prepare(sql);
      return statement.reader ? statement.all(...params) : statement.run(...params);
    },
    close: async () => db.close(),
  };
}
