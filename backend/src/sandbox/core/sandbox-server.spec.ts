import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from './sandbox-server';
import type { SandboxServer } from './sandbox.types';
import {
  HUBSPOT,
  authorizeUrl,
  basicAuth,
  decide,
  obtainCode,
  obtainTokens,
  postJson,
  redeem,
  sandboxLog,
  startTestSandbox,
  tokenEndpoint,
  type ErrorBody,
} from '../../../test/support/sandbox-harness';

describe(startSandbox.name, () => {
  let sandbox: SandboxServer;

  before(async () => {
    sandbox = await startTestSandbox();
  });

  after(() => sandbox.close());

  function setFault(target: SandboxServer, endpoint: string, mode: string): Promise<Response> {
    return postJson(`${target.url}/control/faults`, { providerKey: 'hubspot', endpoint, mode });
  }

  async function heldCounts(): Promise<Record<string, number>> {
    return (await (await fetch(`${sandbox.url}/control/held`)).json()) as Record<string, number>;
  }

  describe('server', () => {
    it('listens on a free port and lists the providers it serves on its index page', async () => {
      assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${sandbox.url}/`);
      const html = await response.text();

      assert.equal(response.status, 200);
      assert.match(html, /HubSpot/);
      assert.match(html, /\/hubspot\/oauth\/authorize/);
      assert.match(html, /Facebook/);
    });

    it('answers 404 for unknown paths and providers, and 405 for the wrong method', async () => {
      const unknownPath = await fetch(`${sandbox.url}/hubspot/oauth/nothing`);
      const unknownProvider = await fetch(`${sandbox.url}/myspace/oauth/authorize`);
      const wrongMethod = await fetch(tokenEndpoint(sandbox, HUBSPOT));

      assert.equal(unknownPath.status, 404);
      assert.equal(unknownProvider.status, 404);
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.headers.get('allow'), 'POST');
    });

    it('answers 413 to a body over 100 KB and keeps serving', async () => {
      const response = await fetch(tokenEndpoint(sandbox, HUBSPOT), {
        method: 'POST',
        body: `grant_type=authorization_code&code=${'x'.repeat(200 * 1024)}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...basicAuth(HUBSPOT.clientId, HUBSPOT.clientSecret) },
      });

      assert.equal(response.status, 413);
      assert.equal((await fetch(`${sandbox.url}/`)).status, 200);
    });

    it('refuses invalid options at start', async () => {
      await assert.rejects(startSandbox({ port: 0, clients: [HUBSPOT, HUBSPOT] }), /duplicate client_id/);
      await assert.rejects(startSandbox({ port: 0, clients: [{ ...HUBSPOT, redirectUri: '/relative' }] }), /redirectUri/);
      await assert.rejects(startSandbox({ port: 0, clients: [{ ...HUBSPOT, providerKey: 'control' }] }), /providerKey/);
    });
  });

  describe('Cross-Origin-Opener-Policy', () => {
    it('is absent by default', async () => {
      const consent = await fetch(authorizeUrl(sandbox, HUBSPOT), { redirect: 'manual' });
      const decision = await decide(sandbox, HUBSPOT, 'authorize');

      assert.equal(consent.headers.get('cross-origin-opener-policy'), null);
      assert.equal(decision.headers.get('cross-origin-opener-policy'), null);
    });

    it('is same-origin on the consent page and the decision redirect when coop is set', async () => {
      const coop = await startTestSandbox({ coop: true });
      try {
        const consent = await fetch(authorizeUrl(coop, HUBSPOT), { redirect: 'manual' });
        const decision = await decide(coop, HUBSPOT, 'authorize');

        assert.equal(consent.headers.get('cross-origin-opener-policy'), 'same-origin');
        assert.equal(decision.status, 302);
        assert.equal(decision.headers.get('cross-origin-opener-policy'), 'same-origin');
      } finally {
        await coop.close();
      }
    });
  });

  describe('control endpoints', () => {
    it('simulates a token endpoint outage with 503 temporarily_unavailable until set back to ok', async () => {
      const code = await obtainCode(sandbox, HUBSPOT);
      assert.equal((await setFault(sandbox, 'token', 'down')).status, 200);

      const down = await redeem(sandbox, HUBSPOT, code);
      assert.equal(down.status, 503);
      assert.equal(((await down.json()) as ErrorBody).error, 'temporarily_unavailable');

      await setFault(sandbox, 'token', 'ok');
      assert.equal((await redeem(sandbox, HUBSPOT, code)).status, 200);
    });

    it('simulates outages of /api/me and of revocation, and reset clears them and the log', async () => {
      const tokens = await obtainTokens(sandbox, HUBSPOT);
      await setFault(sandbox, 'me', 'down');
      await setFault(sandbox, 'revoke', 'down');

      assert.equal(
        (await fetch(`${sandbox.url}/hubspot/api/me`, { headers: { Authorization: `Bearer ${tokens.access_token}` } })).status,
        503,
      );
      const revocation = await fetch(`${sandbox.url}/hubspot/oauth/revoke`, {
        method: 'POST',
        body: new URLSearchParams({ token: tokens.access_token }),
        headers: basicAuth(HUBSPOT.clientId, HUBSPOT.clientSecret),
      });
      assert.equal(revocation.status, 503);

      assert.equal((await fetch(`${sandbox.url}/control/reset`, { method: 'POST' })).status, 204);
      assert.deepEqual(await sandboxLog(sandbox), []);
      assert.equal(
        (await fetch(`${sandbox.url}/hubspot/api/me`, { headers: { Authorization: `Bearer ${tokens.access_token}` } })).status,
        200,
      );
    });

    it('lets a hanging endpoint hold the request open without blocking close()', async () => {
      const hanging = await startTestSandbox();
      await setFault(hanging, 'token', 'hang');
      const pending = fetch(tokenEndpoint(hanging, HUBSPOT), {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code' }),
      });
      const outcome = await Promise.race([
        pending.then(
          () => 'answered',
          () => 'failed',
        ),
        sleep(300, 'still waiting'),
      ]);
      assert.equal(outcome, 'still waiting');

      const started = Date.now();
      await hanging.close();

      assert.ok(Date.now() - started < 1000, 'close() returned promptly');
      await assert.rejects(pending);
    });

    it('holds requests until the endpoint is switched to another mode, which then answers them', async () => {
      const tokens = await obtainTokens(sandbox, HUBSPOT);
      const revoke = () =>
        fetch(`${sandbox.url}/hubspot/oauth/revoke`, {
          method: 'POST',
          body: new URLSearchParams({ token: tokens.access_token }),
          headers: basicAuth(HUBSPOT.clientId, HUBSPOT.clientSecret),
        });
      await setFault(sandbox, 'revoke', 'hold');
      let settled = 0;
      const first = revoke().finally(() => settled++);
      const second = revoke().finally(() => settled++);
      while ((await heldCounts())['hubspot:revoke'] !== 2) await sleep(10);
      assert.equal(settled, 0);

      await setFault(sandbox, 'revoke', 'down');

      assert.deepEqual([(await first).status, (await second).status], [503, 503]);
      assert.deepEqual(await heldCounts(), {});
      await setFault(sandbox, 'revoke', 'ok');
      assert.equal((await revoke()).status, 200);
    });

    it('validates fault switches', async () => {
      const invalid = [
        { providerKey: 'myspace', endpoint: 'token', mode: 'down' },
        { providerKey: 'hubspot', endpoint: 'authorize', mode: 'down' },
        { providerKey: 'hubspot', endpoint: 'token', mode: 'slow' },
        ['not', 'an', 'object'],
      ];
      for (const body of invalid) assert.equal((await postJson(`${sandbox.url}/control/faults`, body)).status, 400);

      const malformed = await fetch(`${sandbox.url}/control/faults`, {
        method: 'POST',
        body: '{',
        headers: { 'Content-Type': 'application/json' },
      });
      const notJson = await fetch(`${sandbox.url}/control/faults`, { method: 'POST', body: 'providerKey=hubspot' });
      assert.equal(malformed.status, 400);
      assert.equal(notJson.status, 415);
    });
  });
});
