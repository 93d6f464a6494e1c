import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { isDeadlock } from './database-errors';

/**
 * TypeORM talks to SQLite through one connection: two transactions started at once would nest as
 * savepoints of each other, and a read made meanwhile would see uncommitted rows. So on SQLite the work
 * below takes turns (one queue per data source); MySQL gives each transaction its own pooled connection
 * and needs no queue.
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();
const inTurn = new AsyncLocalStorage<DataSource>();

function takeTurn<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type === 'mysql' || inTurn.getStore() === dataSource) return work();
  const previous = queues.get(dataSource) ?? Promise.resolve();
  const turn = previous.catch(() => undefined).then(() => inTurn.run(dataSource, work));
  queues.set(dataSource, turn);
  return turn;
}

/** Runs `work` in a transaction; nested calls join the outer turn (and become a savepoint). */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return takeTurn(dataSource, () => dataSource.transaction(work));
}

const DEADLOCK_ATTEMPTS = 5;

/**
 * `inTransaction` for work that concurrent requests race on (an insert-or-update under a UNIQUE key):
 * InnoDB may pick such a transaction as a deadlock victim and roll it back whole, and running it again
 * is the documented remedy. Each retry waits a few random milliseconds first, so the transactions that
 * collided do not meet again in lockstep (twenty connects of one integration at once did, past three
 * immediate attempts). The work must be safe to repeat, as a rolled-back transaction is.
 */
export async function inRetriedTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(dataSource, work);
    } catch (error) {
      if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
      await sleep(attempt * (5 + Math.random() * 20));
    }
  }
}

/** Runs reads that must see committed data only (on SQLite: not while a transaction is open). */
export function committedRead<T>(dataSource: DataSource, read: () => Promise<T>): Promise<T> {
  return takeTurn(dataSource, read);
}
