import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEADGEN_CALLS_PER_LEAD_PER_DAY, nextBackfillDelayMs, quotaFloorMs } from './backfill-cadence';

const SETTINGS = { minSeconds: 120, activeSeconds: 300, quietSeconds: 3600 };
const NOW = new Date('2026-12-01T12:00:00Z');
const MINUTE = 60_000;
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MINUTE);
const delay = (outcome: Parameters<typeof nextBackfillDelayMs>[0], forms = 1) =>
  nextBackfillDelayMs(outcome, NOW, forms, SETTINGS) / MINUTE;

describe(nextBackfillDelayMs.name, () => {
  it('polls a form with a lead minutes ago every few minutes and backs a quiet one off to hourly', () => {
    assert.equal(delay({ kind: 'completed', newestLeadAt: ago(1) }), 5);
    assert.equal(delay({ kind: 'completed', newestLeadAt: ago(120) }), 30);
    assert.equal(delay({ kind: 'completed', newestLeadAt: ago(10 * 60) }), 60);
    assert.equal(delay({ kind: 'completed', newestLeadAt: null }), 60, 'a form that never had a lead');
  });

  it('retries a failed pass soon, doubling per failure in a row up to the quiet interval', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 40].map((failures) => delay({ kind: 'failed', failures })),
      [5, 10, 20, 40, 60, 60],
    );
  });

  it('keeps a rate-limited page away for at least an hour, doubling per strike up to a day', () => {
    assert.deepEqual(
      [1, 2, 3, 6, 50].map((strikes) => delay({ kind: 'rate_limited', strikes })),
      [60, 120, 240, 1440, 1440],
    );
  });

  it('waits the quiet interval while Facebook refuses the form (a person has to act)', () => {
    assert.equal(delay({ kind: 'refused' }), 60);
  });

  it('never polls more often than the floor', () => {
    const eager = { minSeconds: 600, activeSeconds: 600, quietSeconds: 600 };
    assert.equal(nextBackfillDelayMs({ kind: 'completed', newestLeadAt: NOW }, NOW, 1, eager), 10 * MINUTE);
  });

  it('spreads a page’s forms so the backfill stays within a tenth of its smallest LeadGen quota', () => {
    assert.equal(quotaFloorMs(1), 3 * MINUTE);
    assert.equal(delay({ kind: 'completed', newestLeadAt: ago(1) }, 4), 12, 'four busy forms of one page');
    for (const forms of [1, 7, 40]) {
      const passesPerDay =
        (forms * 86_400_000) / nextBackfillDelayMs({ kind: 'completed', newestLeadAt: NOW }, NOW, forms, SETTINGS);
      assert.ok(passesPerDay <= LEADGEN_CALLS_PER_LEAD_PER_DAY / 10, `${forms} forms: ${passesPerDay} calls a day`);
    }
  });
});
