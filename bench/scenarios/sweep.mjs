// B4's sweep variant: expired sessions seeded through the driver, then the instance's own housekeeping
// (it sweeps every second during the bench) deletes them in batches while B1's reads go on.
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../lib/db.mjs';

const BATCH = 2_000;

/**
 * @param {string} databaseUrl
 * @param {number} total expired sessions to add
 */
export async function seedExpiredSessions(databaseUrl, total) {
  const db = openDatabase(databaseUrl);
  try {
    const [member] = await db.query('SELECT user_id, account_id FROM memberships LIMIT 1');
    const expired = new Date(Date.now() - 30 * 24 * 3600_000).toISOString().slice(0, 23).replace('T', ' ');
    const rowFor = (/** @type {number} */ i) => [
      `bench-expired-session-${String(i).padStart(12, '0')}`,
      member.user_id,
      member.account_id,
      expired,
      expired,
      expired,
    ];
    const columns = '(id, user_id, account_id, created_at, last_seen_at, expires_at)';
    if (db.kind === 'sqlite') {
      const insert = db.raw.prepare(`INSERT INTO sessions ${columns} VALUES (?, ?, ?, ?, ?, ?)`);
      db.raw.transaction(() => {
        for (let i = 0; i < total; i++) insert.run(...rowFor(i));
      })();
    } else {
      for (let next = 0; next < total; next += BATCH) {
        const values = Array.from({ length: Math.min(BATCH, total - next) }, (_, j) => rowFor(next + j));
        await db.query(`INSERT INTO sessions ${columns} VALUES ?`, [values]);
      }
    }
  } finally {
    await db.close();
  }
}

/** @param {import('../lib/db.mjs').BenchDatabase} db */
async function expiredLeft(db) {
  const [{ n }] = await db.query("SELECT COUNT(*) AS n FROM sessions WHERE id LIKE 'bench-expired-session-%'");
  return Number(n);
}

/**
 * Waits until the instance's sweep has taken its first batches, measures `load()` meanwhile, then waits
 * for the sweep to finish. `leftWhenLoadEnded` > 0 means the whole measurement ran while it was deleting.
 * @param {{ databaseUrl: string, rows: number, load: () => Promise<import('../lib/results.mjs').Load> }} options
 */
export async function readsDuringSweep({ databaseUrl, rows, load }) {
  const db = openDatabase(databaseUrl);
  try {
    const started = performance.now();
    const deadline = Date.now() + 300_000;
    while ((await expiredLeft(db)) === rows && Date.now() < deadline) await sleep(20);
    const reads = await load();
    const leftWhenLoadEnded = await expiredLeft(db);
    while ((await expiredLeft(db)) > 0 && Date.now() < deadline) await sleep(100);
    const left = await expiredLeft(db);
    if (left !== 0) throw new Error(`housekeeping left ${left} of ${rows} expired sessions after 5 minutes`);
    return { ...reads, sweptRows: rows, sweepSeconds: (performance.now() - started) / 1000, leftWhenLoadEnded };
  } finally {
    await db.close();
  }
}
