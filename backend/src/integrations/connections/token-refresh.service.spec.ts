import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refreshBackoffMs } from './token-refresh.service';

describe(refreshBackoffMs.name, () => {
  it('doubles per failure up to an hour, with the upper half jittered', () => {
    assert.equal(
      refreshBackoffMs(1, () => 0),
      15_000,
    );
    assert.equal(
      refreshBackoffMs(1, () => 1),
      30_000,
    );
    assert.equal(
      refreshBackoffMs(3, () => 1),
      120_000,
    );
    assert.equal(
      refreshBackoffMs(30, () => 1),
      3600_000,
    );
    assert.equal(
      refreshBackoffMs(30, () => 0),
      1800_000,
    );
  });
});
