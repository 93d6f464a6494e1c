import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import type { AuthSettings } from '../../config';
import { ApiKeyRateLimitService, claimSize } from './api-key-rate-limit.service';

/** One shared counter per key and window, as the api_key_rate_windows row is for every instance. */
function sharedCounter() {
  const totals = new Map<string, number>();
  let statements = 0;
  const dataSource = {
    options: { type: 'better-sqlite3' },
    query: async (_sql: string, [id, windowStart, requests]: [string, number, number]) => {
      statements += 1;
      await Promise.resolve();
      const key = `${id}@${windowStart}`;
      totals.set(key, (totals.get(key) ?? 0) + requests);
      return [{ hits: totals.get(key) }];
    },
  } as unknown as DataSource;
  return { dataSource, statements: () => statements };
}

const instance = (dataSource: DataSource, requests: number) =>
  new ApiKeyRateLimitService(dataSource, { apiKeyRateLimit: { requests, windowSeconds: 60 } } as AuthSettings);

describe(ApiKeyRateLimitService.name, () => {
  it('claims 1% of the limit at a time, one by one for small limits', () => {
    assert.equal(claimSize(3), 1);
    assert.equal(claimSize(600), 6);
    assert.equal(claimSize(100_000_000), 100);
  });

  it('writes once per claim, not per request, and concurrent requests share one claim', async () => {
    const counter = sharedCounter();
    const limits = instance(counter.dataSource, 1_000);
    const verdicts = await Promise.all(Array.from({ length: 25 }, () => limits.hit('k1', 0)));
    assert.ok(verdicts.every((v) => v.allowed));
    assert.equal(counter.statements(), 3, '25 requests in claims of 10');
    assert.equal(verdicts.at(-1)?.remaining, 975);
  });

  it('lets no more than the limit through across instances, refusing at most one claim per other instance early', async () => {
    const counter = sharedCounter();
    const instances = [instance(counter.dataSource, 500), instance(counter.dataSource, 500), instance(counter.dataSource, 500)];
    let allowed = 0;
    for (let i = 0; i < 600; i++) if ((await instances[i % 3].hit('k1', 0)).allowed) allowed += 1;
    assert.ok(allowed <= 500, `${allowed} allowed`);
    assert.ok(allowed >= 500 - 2 * claimSize(500), `${allowed} allowed`);
  });

  it('stops claiming once the window is used up and starts again in the next window', async () => {
    const counter = sharedCounter();
    const limits = instance(counter.dataSource, 2);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await limits.hit('k1', 1_000)).allowed);
    assert.deepEqual(statuses, [true, true, false, false, false]);
    assert.equal(counter.statements(), 2, 'refusals within the used-up window reach no database');
    assert.equal((await limits.hit('k1', 61_000)).allowed, true);
  });
});
