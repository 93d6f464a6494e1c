import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RATE_LIMITED, TRANSIENT, backoffMs } from './import-backoff';

describe('backoffMs', () => {
  it('doubles per attempt between half and all of the step', () => {
    assert.equal(
      backoffMs(1, TRANSIENT, () => 0),
      2500,
    );
    assert.equal(
      backoffMs(1, TRANSIENT, () => 1),
      5000,
    );
    assert.equal(
      backoffMs(3, TRANSIENT, () => 0),
      10_000,
    );
    assert.equal(
      backoffMs(3, TRANSIENT, () => 1),
      20_000,
    );
  });

  it('never exceeds the cap, however many attempts', () => {
    assert.equal(
      backoffMs(1000, RATE_LIMITED, () => 1),
      RATE_LIMITED.capMs,
    );
    assert.equal(
      backoffMs(1000, RATE_LIMITED, () => 0),
      RATE_LIMITED.capMs / 2,
    );
  });

  it('treats attempt 0 like the first', () => {
    assert.equal(
      backoffMs(0, TRANSIENT, () => 1),
      5000,
    );
  });
});
