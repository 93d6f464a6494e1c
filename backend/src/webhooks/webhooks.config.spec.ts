import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../config/config.error';
import { parseWebhooksSettings } from './webhooks.config';

describe('webhook settings', () => {
  it('retries for about a day by default, the first retries within a minute', () => {
    const { retryScheduleMs } = parseWebhooksSettings({});
    assert.deepEqual(retryScheduleMs.slice(0, 3), [5_000, 30_000, 120_000]);
    const hours = retryScheduleMs.reduce((sum, ms) => sum + ms, 0) / 3_600_000;
    assert.ok(hours > 23 && hours < 25, `${hours} h`);
  });

  it('reads a schedule in ms, s, m and h', () => {
    assert.deepEqual(
      parseWebhooksSettings({ WEBHOOK_RETRY_SCHEDULE: '200ms, 2s,1m,1h' }).retryScheduleMs,
      [200, 2000, 60_000, 3_600_000],
    );
  });

  it('stops start-up on a step it cannot read, naming the variable', () => {
    for (const schedule of ['5x', '1ms', '', '5s,,1m', '25h']) {
      assert.throws(
        () => parseWebhooksSettings({ WEBHOOK_RETRY_SCHEDULE: schedule || ' , ' }),
        (error: unknown) => error instanceof ConfigError && /WEBHOOK_RETRY_SCHEDULE/.test(error.message),
        schedule,
      );
    }
  });

  it('demands public https endpoints in production only', () => {
    assert.equal(parseWebhooksSettings({ NODE_ENV: 'production' }).publicHttpsOnly, true);
    assert.equal(parseWebhooksSettings({ NODE_ENV: 'development' }).publicHttpsOnly, false);
    assert.equal(parseWebhooksSettings({ NODE_ENV: 'test' }).publicHttpsOnly, false);
  });
});
