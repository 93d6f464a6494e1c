import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from '../core/sandbox-server';
import type { SandboxServer } from '../core/sandbox.types';
import {
  HUBSPOT,
  HUBSPOT_OTHER_APP,
  accountMe,
  basicAuth,
  obtainCode,
  obtainTokens,
  pkcePair,
  postForm,
  redeem,
  refresh,
  revoke,
  sandboxLog,
  startTestSandbox,
  tokenEndpoint,
  type ErrorBody,
  type TokenBody,
} from '../../../test/support/sandbox-harness';

describe(startSandbox.name, () => {
  let sandbox: SandboxServer;

  before(async () => {
    sandbox = await startTestSandbox();
  });

  after(() => sandbox.close());

  async function assertOAuthError(response: Response, status: number, error: string): Promise<void> {
    const body = (await response.json()) as ErrorBody;
    assert.equal(response.status, status, JSON.stringify(body));
    assert.equal(body.error, error);
    assert.ok(body.error_description);
    assert.equal(response.headers.get('cache-control'), 'no-store');
  }

  async function pkceCode(): Promise<{ code: string; verifier: string }> {
    const { verifier, challenge } = pkcePair();
    return { code: await obtainCode(sandbox, HUBSPOT, { code_challenge: challenge, code_challenge_method: 'S256' }), verifier };
  }

  describe('authorization_code grant', () => {
    it('exchanges a code and its PKCE verifier for prefixed tokens that open /api/me', async () => {
      const { code, verifier } = await pkceCode();
      const response = await redeem(sandbox, HUBSPOT, code, { code_verifier: verifier });
      const tokens = (await response.json()) as TokenBody;

      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.match(tokens.access_token, /^sbx_at_[\w-]{40,}$/);
      assert.match(tokens.refresh_token, /^sbx_rt_[\w-]{40,}$/);
      assert.equal(tokens.token_type, 'Bearer');
      assert.equal(tokens.expires_in, 3600);
      assert.equal(tokens.scope, 'crm.objects.contacts.read oauth');
      const me = await accountMe(sandbox, HUBSPOT, tokens.access_token);
      assert.equal(me.status, 200);
      assert.deepEqual(await me.json(), {
        id: 'sbx-hubspot-account-1',
        name: 'Sandbox HubSpot Account',
        email: 'sandbox.user@example.test',
      });
    });

    it('accepts client credentials in the body as well as HTTP Basic', async () => {
      const code = await obtainCode(sandbox, HUBSPOT);
      const response = await postForm(tokenEndpoint(sandbox, HUBSPOT), {
        grant_type: 'authorization_code',
        code,
        redirect_uri: HUBSPOT.redirectUri,
        client_id: HUBSPOT.clientId,
        client_secret: HUBSPOT.clientSecret,
      });

      assert.equal(response.status, 200);
    });

    it('answers 401 invalid_client with a Basic challenge for a wrong client secret', async () => {
      const code = await obtainCode(sandbox, HUBSPOT);
      const form = { grant_type: 'authorization_code', code, redirect_uri: HUBSPOT.redirectUri };
      const response = await postForm(tokenEndpoint(sandbox, HUBSPOT), form, basicAuth(HUBSPOT.clientId, 'wrong'));

      assert.match(response.headers.get('www-authenticate') ?? '', /^Basic realm=/);
      await assertOAuthError(response, 401, 'invalid_client');
    });

    it('answers 401 invalid_client for a wrong secret in the body and for an unknown client', async () => {
      const code = await obtainCode(sandbox, HUBSPOT);
      const form = { grant_type: 'authorization_code', code, redirect_uri: HUBSPOT.redirectUri };
      const wrongSecret = await postForm(tokenEndpoint(sandbox, HUBSPOT), {
        ...form,
        client_id: HUBSPOT.clientId,
        client_secret: 'x',
      });
      const unknown = await postForm(tokenEndpoint(sandbox, HUBSPOT), form, basicAuth('nobody', HUBSPOT.clientSecret));

      await assertOAuthError(wrongSecret, 401, 'invalid_client');
      await assertOAuthError(unknown, 401, 'invalid_client');
    });

    it('rejects a wrong PKCE verifier with invalid_grant', async () => {
      const { code } = await pkceCode();
      const response = await redeem(sandbox, HUBSPOT, code, { code_verifier: pkcePair().verifier });

      await assertOAuthError(response, 400, 'invalid_grant');
    });

    it('rejects a missing PKCE verifier with invalid_grant when a challenge was sent', async () => {
      const { code } = await pkceCode();

      await assertOAuthError(await redeem(sandbox, HUBSPOT, code), 400, 'invalid_grant');
    });

    it('rejects a reused code and revokes the tokens issued from it', async () => {
      const { code, verifier } = await pkceCode();
      const first = (await (await redeem(sandbox, HUBSPOT, code, { code_verifier: verifier })).json()) as TokenBody;
      assert.equal((await accountMe(sandbox, HUBSPOT, first.access_token)).status, 200);

      await assertOAuthError(await redeem(sandbox, HUBSPOT, code, { code_verifier: verifier }), 400, 'invalid_grant');
      assert.equal((await accountMe(sandbox, HUBSPOT, first.access_token)).status, 401);
      await assertOAuthError(await refresh(sandbox, HUBSPOT, first.refresh_token), 400, 'invalid_grant');
    });

    it('rejects another redirect_uri than the one of the authorization request', async () => {
      const { code, verifier } = await pkceCode();
      const response = await redeem(sandbox, HUBSPOT, code, {
        code_verifier: verifier,
        redirect_uri: 'http://localhost:3000/elsewhere',
      });

      await assertOAuthError(response, 400, 'invalid_grant');
    });

    it('rejects a code issued to another client of the same provider', async () => {
      const code = await obtainCode(sandbox, HUBSPOT);
      const response = await postForm(
        tokenEndpoint(sandbox, HUBSPOT),
        { grant_type: 'authorization_code', code, redirect_uri: HUBSPOT.redirectUri },
        basicAuth(HUBSPOT_OTHER_APP.clientId, HUBSPOT_OTHER_APP.clientSecret),
      );

      await assertOAuthError(response, 400, 'invalid_grant');
    });

    it('rejects an expired code with invalid_grant', async () => {
      const shortLived = await startTestSandbox({ codeTtlMs: 20 });
      try {
        const code = await obtainCode(shortLived, HUBSPOT);
        await sleep(60);

        await assertOAuthError(await redeem(shortLived, HUBSPOT, code), 400, 'invalid_grant');
      } finally {
        await shortLived.close();
      }
    });

    it('rejects an unknown code with invalid_grant', async () => {
      await assertOAuthError(await redeem(sandbox, HUBSPOT, 'sbx_ac_forged'), 400, 'invalid_grant');
    });
  });

  describe('request validation', () => {
    it('answers unsupported_grant_type for an unknown grant', async () => {
      const response = await postForm(
        tokenEndpoint(sandbox, HUBSPOT),
        { grant_type: 'password' },
        basicAuth(HUBSPOT.clientId, HUBSPOT.clientSecret),
      );

      await assertOAuthError(response, 400, 'unsupported_grant_type');
    });

    it('answers invalid_request for missing parameters, a repeated parameter and a non-form body', async () => {
      const auth = basicAuth(HUBSPOT.clientId, HUBSPOT.clientSecret);
      const url = tokenEndpoint(sandbox, HUBSPOT);
      const noGrant = await postForm(url, {}, auth);
      const noCode = await postForm(url, { grant_type: 'authorization_code', redirect_uri: HUBSPOT.redirectUri }, auth);
      const repeated = await fetch(url, {
        method: 'POST',
        body: 'grant_type=refresh_token&grant_type=password',
        headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      const json = await fetch(url, {
        method: 'POST',
        body: '{"grant_type":"refresh_token"}',
        headers: { ...auth, 'Content-Type': 'application/json' },
      });

      for (const response of [noGrant, noCode, repeated, json]) await assertOAuthError(response, 400, 'invalid_request');
    });
  });

  describe('refresh_token grant', () => {
    it('rotates the refresh token on every refresh', async () => {
      const first = await obtainTokens(sandbox, HUBSPOT);
      const response = await refresh(sandbox, HUBSPOT, first.refresh_token);
      const second = (await response.json()) as TokenBody;

      assert.equal(response.status, 200);
      assert.notEqual(second.refresh_token, first.refresh_token);
      assert.notEqual(second.access_token, first.access_token);
      assert.equal((await accountMe(sandbox, HUBSPOT, second.access_token)).status, 200);
      assert.equal((await refresh(sandbox, HUBSPOT, second.refresh_token)).status, 200);
    });

    it('revokes the whole grant when a rotated refresh token is replayed (RFC 9700 §4.14.2)', async () => {
      const first = await obtainTokens(sandbox, HUBSPOT);
      const current = (await (await refresh(sandbox, HUBSPOT, first.refresh_token)).json()) as TokenBody;

      await assertOAuthError(await refresh(sandbox, HUBSPOT, first.refresh_token), 400, 'invalid_grant');
      assert.equal((await accountMe(sandbox, HUBSPOT, current.access_token)).status, 401, 'the current access token died');
      await assertOAuthError(await refresh(sandbox, HUBSPOT, current.refresh_token), 400, 'invalid_grant');
      const reuse = (await sandboxLog(sandbox)).filter((event) => event.type === 'refresh_reuse');
      assert.equal(reuse.length, 1);
    });

    it('rejects a refresh token of another client and a broader scope', async () => {
      const tokens = await obtainTokens(sandbox, HUBSPOT);
      const otherClient = await refresh(sandbox, HUBSPOT_OTHER_APP, tokens.refresh_token);
      const broader = await postForm(
        tokenEndpoint(sandbox, HUBSPOT),
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, scope: 'crm.objects.deals.write' },
        basicAuth(HUBSPOT.clientId, HUBSPOT.clientSecret),
      );

      await assertOAuthError(otherClient, 400, 'invalid_grant');
      await assertOAuthError(broader, 400, 'invalid_scope');
    });
  });

  describe('revocation endpoint', () => {
    it('revokes an access token so that /api/me answers 401 invalid_token', async () => {
      const tokens = await obtainTokens(sandbox, HUBSPOT);
      const response = await revoke(sandbox, HUBSPOT, tokens.access_token);

      assert.equal(response.status, 200);
      const me = await accountMe(sandbox, HUBSPOT, tokens.access_token);
      assert.equal(me.status, 401);
      assert.equal(((await me.json()) as ErrorBody).error, 'invalid_token');
    });

    it('revokes a refresh token together with its access tokens', async () => {
      const tokens = await obtainTokens(sandbox, HUBSPOT);
      assert.equal((await revoke(sandbox, HUBSPOT, tokens.refresh_token)).status, 200);

      assert.equal((await accountMe(sandbox, HUBSPOT, tokens.access_token)).status, 401);
      await assertOAuthError(await refresh(sandbox, HUBSPOT, tokens.refresh_token), 400, 'invalid_grant');
    });

    it('answers 200 for an unknown token and leaves another client’s token alone', async () => {
      const tokens = await obtainTokens(sandbox, HUBSPOT);

      assert.equal((await revoke(sandbox, HUBSPOT, 'sbx_at_unknown')).status, 200);
      assert.equal((await revoke(sandbox, HUBSPOT_OTHER_APP, tokens.access_token)).status, 200);
      assert.equal((await accountMe(sandbox, HUBSPOT, tokens.access_token)).status, 200);
    });

    it('answers 401 invalid_client for bad client authentication', async () => {
      const tokens = await obtainTokens(sandbox, HUBSPOT);
      const response = await revoke(sandbox, HUBSPOT, tokens.access_token, 'wrong');

      await assertOAuthError(response, 401, 'invalid_client');
      assert.equal((await accountMe(sandbox, HUBSPOT, tokens.access_token)).status, 200);
    });
  });

  describe('event log', () => {
    it('records grants, refreshes, rejections and revocations without full tokens', async () => {
      await fetch(`${sandbox.url}/control/reset`, { method: 'POST' });
      const tokens = await obtainTokens(sandbox, HUBSPOT);
      const rotated = (await (await refresh(sandbox, HUBSPOT, tokens.refresh_token)).json()) as TokenBody;
      await refresh(sandbox, HUBSPOT, tokens.refresh_token);
      await revoke(sandbox, HUBSPOT, rotated.refresh_token);

      const log = await sandboxLog(sandbox);
      assert.deepEqual(
        log.map((event) => event.type),
        ['authorize', 'token_grant', 'token_refresh', 'refresh_reuse', 'token_rejected', 'revocation'],
      );
      assert.ok(log.every((event) => event.providerKey === 'hubspot' && event.clientId === HUBSPOT.clientId));
      const dump = JSON.stringify(log);
      for (const token of [tokens.access_token, tokens.refresh_token, rotated.access_token, rotated.refresh_token]) {
        assert.equal(dump.includes(token), false);
      }
    });
  });
});
