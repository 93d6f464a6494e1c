import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSandboxSettings } from './sandbox.config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'aurora-sandbox-config-'));

describe('sandbox settings: secret per data dir, loopback only under auto', () => {
  it('generates the sandbox secret once per DATA_DIR, never the published default', () => {
    const [first, second] = [dataDir(), dataDir()];
    const secret = parseSandboxSettings({ DATA_DIR: first }).clientSecret;
    assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(secret, 'sandbox-client-secret');
    assert.equal(parseSandboxSettings({ DATA_DIR: first }).clientSecret, secret, 'the same on the next start');
    assert.notEqual(parseSandboxSettings({ DATA_DIR: second }).clientSecret, secret, 'another data dir, another secret');
    assert.equal(statSync(join(first, 'sandbox-client.secret')).mode & 0o777, 0o600);
    assert.equal(parseSandboxSettings({ DATA_DIR: first, SANDBOX_CLIENT_SECRET: 'given' }).clientSecret, 'given');
  });

  it('runs under auto only when APP_URL is a loopback origin', () => {
    for (const appUrl of [
      'http://localhost:3000',
      'http://127.0.0.1:3000',
      'http://127.9.9.9',
      'http://[::1]:3000',
      'http://app.localhost',
    ]) {
      const settings = parseSandboxSettings({ DATA_DIR: dataDir(), APP_URL: appUrl });
      assert.equal(settings.enabled, true, appUrl);
      assert.equal(settings.notStartedBecause, undefined, appUrl);
    }
    for (const appUrl of [
      'https://inbox.example.com',
      'http://192.168.1.20:3000',
      'http://10.0.0.1',
      'http://localhost.example.com',
    ]) {
      const settings = parseSandboxSettings({ DATA_DIR: dataDir(), APP_URL: appUrl });
      assert.equal(settings.enabled, false, appUrl);
      assert.match(settings.notStartedBecause ?? '', /APP_URL .* not a loopback origin.*set SANDBOX=on/, appUrl);
      assert.equal(settings.clientSecret, '', `${appUrl}: no secret is generated for a sandbox that does not run`);
    }
  });

  it('runs anywhere when SANDBOX=on says so, and never when off or in production under auto', () => {
    const exposed = { DATA_DIR: dataDir(), APP_URL: 'https://staging.example.com' };
    assert.equal(parseSandboxSettings({ ...exposed, SANDBOX: 'on' }).enabled, true);
    assert.equal(parseSandboxSettings({ ...exposed, SANDBOX: 'on' }).notStartedBecause, undefined);
    assert.equal(parseSandboxSettings({ DATA_DIR: dataDir(), SANDBOX: 'off' }).enabled, false);
    const production = parseSandboxSettings({ DATA_DIR: dataDir(), NODE_ENV: 'production', TOKEN_ENCRYPTION_KEYS: 'k:x' });
    assert.deepEqual([production.enabled, production.notStartedBecause], [false, undefined]);
  });
});
