import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_BASIC, contractProvider, FORM_HEADERS } from '../../../test/support/provider-contract';
import { salesforceProvider } from './salesforce.provider';

const USERINFO = {
  organization_id: '00D5g000004Ah1QEAS',
  user_id: '0055g00000A1b2CAAR',
  name: 'Ada Lovelace',
  preferred_username: 'ada@acme.example',
};

describe('salesforceProvider contract', () => {
  it('derives userinfo from the token endpoint origin and names the org after the user', async () => {
    const { provider, network } = contractProvider(salesforceProvider);
    network.answerJson(USERINFO);

    const profile = await provider.fetchProfile({ accessToken: 'sf-access', raw: {} });

    assert.deepEqual(profile, { id: '00D5g000004Ah1QEAS', name: 'ada@acme.example' });
    assert.deepEqual(network.calls, [
      {
        method: 'GET',
        url: 'https://login.salesforce.com/services/oauth2/userinfo',
        headers: { Accept: 'application/json', Authorization: 'Bearer sf-access' },
      },
    ]);
  });

  it('asks a My Domain org for userinfo where SALESFORCE_TOKEN_URL points', async () => {
    const { provider, network } = contractProvider(salesforceProvider, {
      env: { SALESFORCE_TOKEN_URL: 'https://acme.my.salesforce.com/services/oauth2/token' },
    });
    network.answerJson({ organization_id: '00Dacme', user_id: '005acme' });

    assert.deepEqual(await provider.fetchProfile({ accessToken: 'sf-access', raw: {} }), { id: '00Dacme', name: '00Dacme' });
    assert.equal(network.calls[0]?.url, 'https://acme.my.salesforce.com/services/oauth2/userinfo');
  });

  it('refreshes at the token endpoint with the client credentials in the form', async () => {
    const { provider, network } = contractProvider(salesforceProvider);
    network.answerJson({
      access_token: 'sf-access-2',
      instance_url: 'https://acme.my.salesforce.com',
      scope: 'api refresh_token openid',
    });

    const tokens = await provider.refresh('sf-refresh');

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://login.salesforce.com/services/oauth2/token',
        headers: FORM_HEADERS,
        body: 'grant_type=refresh_token&refresh_token=sf-refresh&client_id=client-id&client_secret=client-secret',
      },
    ]);
    assert.equal(tokens.accessToken, 'sf-access-2');
    assert.equal(tokens.refreshToken, undefined, 'Salesforce keeps the refresh token it issued');
  });

  it('revokes the refresh token with RFC 7009 and client authentication', async () => {
    const { provider, network } = contractProvider(salesforceProvider);
    network.answerEmpty(200);

    await provider.revoke({ accessToken: 'sf-access', refreshToken: 'sf-refresh' });

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://login.salesforce.com/services/oauth2/revoke',
        headers: { ...FORM_HEADERS, Authorization: CLIENT_BASIC },
        body: 'token=sf-refresh&token_type_hint=refresh_token',
      },
    ]);
  });
});
