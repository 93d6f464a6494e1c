import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DataSource, EntityManager } from 'typeorm';
import { inRetriedTransaction } from './transactions';

const deadlock = () => Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK' });

/** A MySQL data source whose transactions fail with a deadlock `failures` times, then run the work. */
function mysqlFailingTimes(failures: number) {
  const state = { attempts: 0 };
  const dataSource = {
    options: { type: 'mysql' },
    transaction: async <T>(work: (manager: EntityManager) => Promise<T>) => {
      state.attempts++;
      if (state.attempts <= failures) throw deadlock();
      return work({} as EntityManager);
    },
  } as unknown as DataSource;
  return { dataSource, state };
}

describe('inRetriedTransaction', () => {
  it('runs a deadlock victim again, up to five attempts in all', async () => {
    const { dataSource, state } = mysqlFailingTimes(4);
    assert.equal(await inRetriedTransaction(dataSource, async () => 'done'), 'done');
    assert.equal(state.attempts, 5);
  });

  it('gives up after the fifth deadlock, with the deadlock', async () => {
    const { dataSource, state } = mysqlFailingTimes(5);
    await assert.rejects(
      inRetriedTransaction(dataSource, async () => 'done'),
      (error: unknown) => (error as { code?: string }).code === 'ER_LOCK_DEADLOCK',
    );
    assert.equal(state.attempts, 5);
  });

  it('does not repeat work that failed for another reason', async () => {
    const { dataSource, state } = mysqlFailingTimes(0);
    await assert.rejects(
      inRetriedTransaction(dataSource, async () => {
        throw new Error('constraint');
      }),
      /constraint/,
    );
    assert.equal(state.attempts, 1);
  });
});
