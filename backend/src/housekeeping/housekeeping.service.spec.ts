import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pauseAfterBatch, SWEEP_DUTY_CYCLE } from './housekeeping.service';

describe(pauseAfterBatch.name, () => {
  it('keeps the configured pause after quick batches', () => {
    assert.equal(pauseAfterBatch(2, 25), 25);
  });

  it('pauses long enough after a slow batch that sweeping keeps to its share of the time', () => {
    const batchMs = 40;
    const pause = pauseAfterBatch(batchMs, 25);
    assert.equal(pause, 160);
    assert.ok(batchMs / (batchMs + pause) <= SWEEP_DUTY_CYCLE);
  });
});
