import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAppSettings } from './app.config';
import { ConfigError } from './config.error';

describe('app settings: TRUST_PROXY', () => {
  it('trusts no proxy unless told', () => {
    assert.equal(parseAppSettings({}).trustProxy, false);
    assert.equal(parseAppSettings({ TRUST_PROXY: 'false' }).trustProxy, false);
  });

  it('accepts a number of hops or a list of proxy addresses, subnets and names', () => {
    assert.equal(parseAppSettings({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.deepEqual(parseAppSettings({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy, ['loopback', '10.0.0.0/8', '::1']);
  });

  it('stops start-up on anything else, naming the variable', () => {
    assert.throws(
      () => parseAppSettings({ TRUST_PROXY: 'yes please' }),
      (error: unknown) => error instanceof ConfigError && /TRUST_PROXY/.test(error.message),
    );
  });
});

describe('app settings: LOG_FORMAT', () => {
  it('follows an explicit choice and names the variable when it is wrong', () => {
    assert.equal(parseAppSettings({ LOG_FORMAT: 'json' }).logFormat, 'json');
    assert.equal(parseAppSettings({ LOG_FORMAT: 'pretty' }).logFormat, 'pretty');
    assert.throws(
      () => parseAppSettings({ LOG_FORMAT: 'colour' }),
      (error: unknown) => error instanceof ConfigError && /LOG_FORMAT/.test(error.message),
    );
  });

  it('on auto, writes JSON unless stdout is a terminal', () => {
    assert.equal(parseAppSettings({}).logFormat, process.stdout.isTTY === true ? 'pretty' : 'json');
  });
});

describe('app settings: SHUTDOWN_TIMEOUT_MS', () => {
  it('gives a drain ten seconds unless told otherwise', () => {
    assert.equal(parseAppSettings({}).shutdownTimeoutMs, 10_000);
    assert.equal(parseAppSettings({ SHUTDOWN_TIMEOUT_MS: '2500' }).shutdownTimeoutMs, 2500);
  });

  it('stops start-up on a value that is not a whole number of milliseconds, naming the variable', () => {
    assert.throws(() => parseAppSettings({ SHUTDOWN_TIMEOUT_MS: '10s' }), /Invalid setting SHUTDOWN_TIMEOUT_MS/);
  });
});
