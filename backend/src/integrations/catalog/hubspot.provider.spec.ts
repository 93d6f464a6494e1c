import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contractProvider, FORM_HEADERS } from '../../../test/support/provider-contract';
import { hubspotProvider } from './hubspot.provider';

describe('hubspotProvider contract', () => {
  it('reads the portal from the access-token info endpoint, the token in the path and no bearer header', async () => {
    const { provider, network } = contractProvider(hubspotProvider);
    network.answerJson({ hub_id: 4242, hub_domain: 'acme.hubspot.com', user: 'ada@acme.test' });

    const profile = await provider.fetchProfile({ accessToken: 'CJ/access+1', raw: {} });

    assert.deepEqual(profile, { id: '4242', name: 'acme.hubspot.com' });
    assert.deepEqual(network.calls, [
      {
        method: 'GET',
        url: 'https://api.hubapi.com/oauth/v1/access-tokens/CJ%2Faccess%2B1',
        headers: { Accept: 'application/json' },
      },
    ]);
  });

  it('names a portal without a domain by its id', async () => {
    const { provider, network } = contractProvider(hubspotProvider);
    network.answerJson({ hub_id: 7 });
    assert.deepEqual(await provider.fetchProfile({ accessToken: 'access-1', raw: {} }), { id: '7', name: 'HubSpot portal 7' });
  });

  it('refreshes at the v1 token endpoint with the client credentials in the form', async () => {
    const { provider, network } = contractProvider(hubspotProvider);
    network.answerJson({ access_token: 'access-2', refresh_token: 'refresh-2', expires_in: 1800 });

    const tokens = await provider.refresh('refresh-1');

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://api.hubapi.com/oauth/v1/token',
        headers: FORM_HEADERS,
        body: 'grant_type=refresh_token&refresh_token=refresh-1&client_id=client-id&client_secret=client-secret',
      },
    ]);
    assert.equal(tokens.accessToken, 'access-2');
    assert.equal(tokens.refreshToken, 'refresh-2');
    assert.equal(tokens.expiresIn, 1800);
  });

  it('revokes by deleting the refresh token, and accepts one HubSpot no longer knows', async () => {
    const { provider, network } = contractProvider(hubspotProvider);
    network.answerEmpty(204).answerEmpty(404);

    await provider.revoke({ accessToken: 'access-1', refreshToken: 'refresh/1' });
    await provider.revoke({ accessToken: 'access-1', refreshToken: 'refresh-gone' });

    assert.deepEqual(network.calls, [
      { method: 'DELETE', url: 'https://api.hubapi.com/oauth/v1/refresh-tokens/refresh%2F1', headers: {} },
      { method: 'DELETE', url: 'https://api.hubapi.com/oauth/v1/refresh-tokens/refresh-gone', headers: {} },
    ]);
  });

  it('fails a refused revocation so it is retried, and makes no call without a refresh token', async () => {
    const { provider, network } = contractProvider(hubspotProvider);
    network.answerEmpty(500);
    await assert.rejects(provider.revoke({ accessToken: 'a', refreshToken: 'r' }), /HubSpot refused the revocation \(HTTP 500\)/);
    await provider.revoke({ accessToken: 'a' });
    assert.equal(network.calls.length, 1);
  });
});
