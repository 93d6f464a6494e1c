import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryDelayMs } from './retry-schedule';

describe(retryDelayMs.name, () => {
  const schedule = [5_000, 30_000, 120_000];

  it('follows the schedule step by step, within ±20 % jitter', () => {
    assert.equal(
      retryDelayMs(1, schedule, () => 0.5),
      5_000,
    );
    assert.equal(
      retryDelayMs(2, schedule, () => 0),
      24_000,
    );
    assert.equal(
      retryDelayMs(3, schedule, () => 1),
      144_000,
    );
  });

  it('gives up once every step has been used', () => {
    assert.equal(retryDelayMs(4, schedule), null);
  });
});
