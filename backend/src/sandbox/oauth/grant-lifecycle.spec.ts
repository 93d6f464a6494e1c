import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { SandboxServer } from '../core/sandbox.types';
import {
  HUBSPOT,
  accountMe,
  basicAuth,
  obtainCode,
  obtainTokens,
  postForm,
  postJson,
  refresh,
  sandboxLog,
  startTestSandbox,
  type ErrorBody,
  type TokenBody,
} from '../../../test/support/sandbox-harness';

interface GrantView {
  providerKey: string;
  live: boolean;
}

describe('sandbox grant lifecycle: metadata, refresh faults, user revocation, HubSpot paths', () => {
  let sandbox: SandboxServer;
  const setFault = (endpoint: string, mode: string) =>
    postJson(`${sandbox.url}/control/faults`, { providerKey: 'hubspot', endpoint, mode });
  const grants = async () => (await (await fetch(`${sandbox.url}/control/grants?providerKey=hubspot`)).json()) as GrantView[];

  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(() => sandbox.close());
  beforeEach(async () => {
    await fetch(`${sandbox.url}/control/reset`, { method: 'POST' });
  });

  it('publishes RFC 8414 metadata at both well-known locations, naming its own endpoints', async () => {
    const rfc = await fetch(`${sandbox.url}/.well-known/oauth-authorization-server/hubspot`);
    const underProvider = await fetch(`${sandbox.url}/hubspot/.well-known/oauth-authorization-server`);
    assert.equal(rfc.status, 200);
    const metadata = (await rfc.json()) as Record<string, unknown>;
    assert.deepEqual(await underProvider.json(), metadata);
    assert.equal(metadata.issuer, `${sandbox.url}/hubspot`);
    assert.equal(metadata.token_endpoint, `${sandbox.url}/hubspot/oauth/token`);
    assert.equal(metadata.revocation_endpoint, `${sandbox.url}/hubspot/oauth/revoke`);
    assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
    assert.equal((await fetch(`${sandbox.url}/.well-known/oauth-authorization-server/nope`)).status, 404);
  });

  it('fails refreshes only, with invalid_grant or a transient 503, until switched back', async () => {
    const tokens = await obtainTokens(sandbox, HUBSPOT);
    assert.equal((await setFault('refresh', 'invalid_grant')).status, 200);
    const refused = await refresh(sandbox, HUBSPOT, tokens.refresh_token);
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as ErrorBody).error, 'invalid_grant');
    await setFault('refresh', 'down');
    assert.equal((await refresh(sandbox, HUBSPOT, tokens.refresh_token)).status, 503);
    assert.equal((await obtainTokens(sandbox, HUBSPOT)).token_type, 'Bearer', 'code exchanges still work');
    await setFault('refresh', 'ok');
    assert.equal((await refresh(sandbox, HUBSPOT, tokens.refresh_token)).status, 200, 'the simulated failures spent nothing');
  });

  it('refuses fault modes that do not apply to the endpoint', async () => {
    assert.equal((await setFault('refresh', 'hang')).status, 400);
    assert.equal((await setFault('token', 'invalid_grant')).status, 400);
  });

  it('lets a test revoke every grant of a provider, as a user removing the app would', async () => {
    const tokens = await obtainTokens(sandbox, HUBSPOT);
    assert.ok((await grants()).some((grant) => grant.live));
    const response = await postJson(`${sandbox.url}/control/revoke-grants`, { providerKey: 'hubspot' });
    assert.equal(response.status, 200);
    assert.equal((await accountMe(sandbox, HUBSPOT, tokens.access_token)).status, 401);
    assert.ok((await grants()).every((grant) => !grant.live));
    assert.ok((await sandboxLog(sandbox)).some((event) => event.type === 'grant_revoked'));
    assert.equal((await postJson(`${sandbox.url}/control/revoke-grants`, { providerKey: 'nope' })).status, 400);
  });

  it("serves HubSpot's own OAuth paths: token grant, token info and refresh-token DELETE", async () => {
    const code = await obtainCode(sandbox, HUBSPOT);
    const exchanged = await postForm(
      `${sandbox.url}/hubspot/oauth/v1/token`,
      { grant_type: 'authorization_code', code, redirect_uri: HUBSPOT.redirectUri },
      basicAuth(HUBSPOT.clientId, HUBSPOT.clientSecret),
    );
    assert.equal(exchanged.status, 200);
    const tokens = (await exchanged.json()) as TokenBody;
    const info = await fetch(`${sandbox.url}/hubspot/oauth/v1/access-tokens/${encodeURIComponent(tokens.access_token)}`);
    assert.equal(info.status, 200);
    assert.equal(typeof ((await info.json()) as { hub_id: unknown }).hub_id, 'number');

    const deleted = await fetch(`${sandbox.url}/hubspot/oauth/v1/refresh-tokens/${encodeURIComponent(tokens.refresh_token)}`, {
      method: 'DELETE',
    });
    assert.equal(deleted.status, 204);
    const after = await fetch(`${sandbox.url}/hubspot/oauth/v1/access-tokens/${encodeURIComponent(tokens.access_token)}`);
    assert.equal(after.status, 404, 'deleting the refresh token ended the grant');
  });
});
