import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSandboxSettings } from '../config/sandbox.config';
import { parseFacebookSettings } from './facebook.config';

describe(parseFacebookSettings.name, () => {
  it('signs Facebook webhooks in sandbox mode with the sandbox secret', () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'aurora-facebook-config-')) };
    assert.equal(parseFacebookSettings(env).appSecret, parseSandboxSettings(env).clientSecret);
  });
});
