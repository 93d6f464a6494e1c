import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../config/config.error';
import { parseMetricsSettings } from './metrics.config';

describe('metrics settings', () => {
  it('serves no metrics anywhere unless a port or a token is set', () => {
    assert.deepEqual(parseMetricsSettings({}), { port: null, token: null });
  });

  it('refuses a short token, naming the variable', () => {
    assert.throws(
      () => parseMetricsSettings({ METRICS_TOKEN: 'short' }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'METRICS_TOKEN',
    );
  });
});
