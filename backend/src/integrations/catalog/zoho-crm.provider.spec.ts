import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_BASIC, contractProvider, FORM_HEADERS } from '../../../test/support/provider-contract';
import { zohoCrmProvider } from './zoho-crm.provider';

describe('zohoCrmProvider contract', () => {
  it('names the connection after the first organisation crm/v2/org returns', async () => {
    const { provider, network } = contractProvider(zohoCrmProvider);
    network.answerJson({ org: [{ id: '700000123', company_name: 'Acme Ltd' }] });

    const profile = await provider.fetchProfile({ accessToken: 'zoho-access', raw: {} });

    assert.deepEqual(profile, { id: '700000123', name: 'Acme Ltd' });
    assert.deepEqual(network.calls, [
      {
        method: 'GET',
        url: 'https://www.zohoapis.com/crm/v2/org',
        headers: { Accept: 'application/json', Authorization: 'Bearer zoho-access' },
      },
    ]);
  });

  it('refuses a profile when Zoho lists no organisation', async () => {
    const { provider, network } = contractProvider(zohoCrmProvider);
    network.answerJson({ org: [] });
    await assert.rejects(provider.fetchProfile({ accessToken: 'zoho-access', raw: {} }), /Zoho returned no organisation/);
  });

  it('refreshes at the data centre ZOHO_TOKEN_URL names, client credentials in the form', async () => {
    const { provider, network } = contractProvider(zohoCrmProvider, {
      env: { ZOHO_TOKEN_URL: 'https://accounts.zoho.eu/oauth/v2/token' },
    });
    network.answerJson({ access_token: 'zoho-access-2', expires_in: 3600, api_domain: 'https://www.zohoapis.eu' });

    const tokens = await provider.refresh('zoho-refresh');

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://accounts.zoho.eu/oauth/v2/token',
        headers: FORM_HEADERS,
        body: 'grant_type=refresh_token&refresh_token=zoho-refresh&client_id=client-id&client_secret=client-secret',
      },
    ]);
    assert.deepEqual([tokens.accessToken, tokens.expiresIn], ['zoho-access-2', 3600]);
  });

  it('revokes the refresh token with RFC 7009 and client authentication', async () => {
    const { provider, network } = contractProvider(zohoCrmProvider);
    network.answerEmpty(200);

    await provider.revoke({ accessToken: 'zoho-access', refreshToken: 'zoho-refresh' });

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://accounts.zoho.com/oauth/v2/token/revoke',
        headers: { ...FORM_HEADERS, Authorization: CLIENT_BASIC },
        body: 'token=zoho-refresh&token_type_hint=refresh_token',
      },
    ]);
  });
});
