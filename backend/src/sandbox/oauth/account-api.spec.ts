import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { SandboxServer } from '../core/sandbox.types';
import { accountMe, HUBSPOT, obtainTokens, startTestSandbox, type ErrorBody } from '../../../test/support/sandbox-harness';
import { handleAccountMe } from './account-api';

describe(handleAccountMe.name, () => {
  let sandbox: SandboxServer;

  before(async () => {
    sandbox = await startTestSandbox();
  });

  after(() => sandbox.close());

  it('answers 401 invalid_token for a missing, unknown or refresh token', async () => {
    const tokens = await obtainTokens(sandbox, HUBSPOT);
    const missing = await fetch(`${sandbox.url}/hubspot/api/me`);

    for (const response of [
      missing,
      await accountMe(sandbox, HUBSPOT, 'sbx_at_nope'),
      await accountMe(sandbox, HUBSPOT, tokens.refresh_token),
    ]) {
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as ErrorBody).error, 'invalid_token');
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
    }
  });

  it('answers 401 invalid_token once the access token has expired', async () => {
    const shortLived = await startTestSandbox({ accessTokenTtlSeconds: 1 });
    try {
      const tokens = await obtainTokens(shortLived, HUBSPOT);
      assert.equal((await accountMe(shortLived, HUBSPOT, tokens.access_token)).status, 200);
      await sleep(1100);

      assert.equal((await accountMe(shortLived, HUBSPOT, tokens.access_token)).status, 401);
    } finally {
      await shortLived.close();
    }
  });
});
