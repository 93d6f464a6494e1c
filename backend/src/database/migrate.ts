import { createHash } from 'node:crypto';
import { DataSource, MigrationExecutor, QueryRunner } from 'typeorm';
import type { DatabaseSettings } from '../config';
import { databaseOptions } from './database-options';

/** Start-up cannot go on because of the schema; the message tells the operator what to do. */
export class MigrationsError extends Error {
  override readonly name = 'MigrationsError';
}

export interface MigrationReport {
  /** Names of the migrations this run applied, oldest first; empty when the schema was up to date. */
  applied: string[];
  /** Another instance held the migration lock first, and this one waited for it. */
  waited: boolean;
}

/** One line for the logs: what this run did. */
export function describeMigrations({ applied, waited }: MigrationReport): string {
  const after = waited ? ' after waiting for another instance' : '';
  return applied.length > 0
    ? `Applied ${applied.length} migration(s)${after}: ${applied.join(', ')}`
    : `No pending migrations${after}: the schema is up to date.`;
}

/**
 * Brings the schema up to date before the app opens its own pool (MIGRATIONS=auto), or checks that
 * nothing is pending (MIGRATIONS=manual, where `npm run cli -- migrate` is the release step).
 * Uses a short-lived DataSource of its own, so the lock's connection never belongs to the app's pool.
 */
export async function migrateDatabase(settings: DatabaseSettings, mode = settings.migrations): Promise<MigrationReport> {
  const dataSource = await new DataSource(databaseOptions(settings)).initialize();
  try {
    if (mode === 'manual') {
      const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
      if (pending.length > 0) {
        throw new MigrationsError(
          `${pending.length} database migration(s) pending (${pending.map((m) => m.name).join(', ')}) and ` +
            'MIGRATIONS=manual: run "npm run cli -- migrate" first',
        );
      }
      return { applied: [], waited: false };
    }
    const timeoutSeconds = settings.migrationsLockTimeoutSeconds;
    return settings.type === 'mysql'
      ? await underMysqlLock(dataSource, settings.url, timeoutSeconds)
      : await inSqliteWriteTransaction(dataSource, timeoutSeconds);
  } finally {
    await dataSource.destroy();
  }
}

/** GET_LOCK names are server-wide (max 64 characters): one per database, so two schemas never wait on each other. */
function lockName(url: string): string {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  return `aurora-migrations:${createHash('sha256').update(database).digest('hex').slice(0, 32)}`;
}

/**
 * MySQL: the whole check-and-run happens while this session holds a named lock, on a connection
 * reserved for it. Instances starting together queue on the lock; the first runs the migrations and
 * the others then find nothing pending. A crashed holder's lock ends with its session.
 */
async function underMysqlLock(dataSource: DataSource, url: string, timeoutSeconds: number): Promise<MigrationReport> {
  const name = lockName(url);
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    const waited = !(await getLock(lock, name, 0));
    if (waited && !(await getLock(lock, name, timeoutSeconds))) throw lockTimeout(timeoutSeconds);
    try {
      return { applied: (await dataSource.runMigrations({ transaction: 'all' })).map((m) => m.name), waited };
    } finally {
      await lock.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  } finally {
    await lock.release();
  }
}

function lockTimeout(timeoutSeconds: number): MigrationsError {
  return new MigrationsError(
    `another instance has held the migration lock for ${timeoutSeconds} s (MIGRATIONS_LOCK_TIMEOUT_SECONDS); is a migration stuck?`,
  );
}

/** False when another connection holds the write lock for longer than `busyMs`. */
async function beginImmediate(runner: QueryRunner, busyMs: number): Promise<boolean> {
  await runner.query(`PRAGMA busy_timeout = ${busyMs}`);
  try {
    await runner.query('BEGIN IMMEDIATE');
    return true;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return false;
    await runner.release();
    throw error;
  }
}

async function getLock(lock: QueryRunner, name: string, timeoutSeconds: number): Promise<boolean> {
  const [row] = (await lock.query('SELECT GET_LOCK(?, ?) AS acquired', [name, timeoutSeconds])) as { acquired: unknown }[];
  return Number(row?.acquired) === 1;
}

/**
 * SQLite has one writer at a time, but TypeORM reads the migrations table before it starts its
 * transaction, so two processes could both see a migration as pending. `BEGIN IMMEDIATE` takes the
 * write lock first; the check and the run then happen inside it, and a second process waits.
 */
async function inSqliteWriteTransaction(dataSource: DataSource, timeoutSeconds: number): Promise<MigrationReport> {
  const runner = dataSource.createQueryRunner();
  // This DataSource only migrates, so its busy timeout can serve as the lock timeout.
  const waited = !(await beginImmediate(runner, 0));
  if (waited && !(await beginImmediate(runner, timeoutSeconds * 1000))) {
    await runner.release();
    throw lockTimeout(timeoutSeconds);
  }
  try {
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'none';
    const applied = await executor.executePendingMigrations();
    await runner.query('COMMIT');
    return { applied: applied.map((m) => m.name), waited };
  } catch (error) {
    await runner.query('ROLLBACK');
    throw error;
  } finally {
    await runner.release();
  }
}
