import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchedulerRegistry } from '@nestjs/schedule';
import { startTestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

/** The background pollers share one owner: @nestjs/schedule starts them and stops them on shutdown. */
describe(`background pollers (${testDatabaseKind()})`, () => {
  it('run under the scheduler and are all stopped when the app closes', async () => {
    const { app, close } = await startTestApp({
      env: { FACEBOOK_BACKFILL_INTERVAL_SECONDS: '300', HOUSEKEEPING_INTERVAL_SECONDS: '300' },
    });
    const scheduler = app.get(SchedulerRegistry);
    assert.deepEqual(scheduler.getIntervals().sort(), [
      'facebook-lead-backfill',
      'facebook-lead-inbox',
      'housekeeping',
      'oauth-flow-cleanup',
      'revocation-retry',
      'token-refresh',
    ]);
    await close();
    assert.deepEqual(scheduler.getIntervals(), []);
  });

  it('leaves the Lead Ads backfill and the sweeps out when their interval is 0 (the lead inbox always runs)', async () => {
    const { app, close } = await startTestApp({
      env: { FACEBOOK_BACKFILL_INTERVAL_SECONDS: '0', HOUSEKEEPING_INTERVAL_SECONDS: '0' },
    });
    try {
      assert.deepEqual(app.get(SchedulerRegistry).getIntervals().sort(), [
        'facebook-lead-inbox',
        'oauth-flow-cleanup',
        'revocation-retry',
        'token-refresh',
      ]);
    } finally {
      await close();
    }
  });
});
