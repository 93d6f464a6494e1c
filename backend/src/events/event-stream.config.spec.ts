import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../config/config.error';
import { parseEventStreamSettings } from './event-stream.config';

describe('event stream settings', () => {
  it('polls the log every 250 ms and sends a heartbeat every 15 s unless told otherwise', () => {
    assert.deepEqual(parseEventStreamSettings({}), { pollMs: 250, heartbeatMs: 15_000 });
    assert.deepEqual(parseEventStreamSettings({ EVENT_STREAM_POLL_MS: '500', EVENT_STREAM_HEARTBEAT_MS: '30000' }), {
      pollMs: 500,
      heartbeatMs: 30_000,
    });
  });

  it('refuses a poll that would hammer the database, naming the variable', () => {
    for (const [variable, value] of [
      ['EVENT_STREAM_POLL_MS', '5'],
      ['EVENT_STREAM_HEARTBEAT_MS', 'soon'],
    ]) {
      assert.throws(
        () => parseEventStreamSettings({ [variable]: value }),
        (error: unknown) => error instanceof ConfigError && error.variable === variable,
      );
    }
  });
});
