import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_BASIC, contractProvider, FORM_HEADERS } from '../../../test/support/provider-contract';
import { calendlyProvider } from './calendly.provider';

describe('calendlyProvider contract', () => {
  it('identifies the connection by the user resource URI from users/me', async () => {
    const { provider, network } = contractProvider(calendlyProvider);
    network.answerJson({
      resource: {
        uri: 'https://api.calendly.com/users/AAAA1111',
        name: 'Ada Lovelace',
        current_organization: 'https://api.calendly.com/organizations/ORG1',
      },
    });

    const profile = await provider.fetchProfile({ accessToken: 'cal-access', raw: {} });

    assert.deepEqual(profile, { id: 'https://api.calendly.com/users/AAAA1111', name: 'Ada Lovelace' });
    assert.deepEqual(network.calls, [
      {
        method: 'GET',
        url: 'https://api.calendly.com/users/me',
        headers: { Accept: 'application/json', Authorization: 'Bearer cal-access' },
      },
    ]);
  });

  it('refreshes at auth.calendly.com with the client credentials in the form', async () => {
    const { provider, network } = contractProvider(calendlyProvider);
    network.answerJson({ access_token: 'cal-access-2', refresh_token: 'cal-refresh-2', expires_in: 7200 });

    const tokens = await provider.refresh('cal-refresh');

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://auth.calendly.com/oauth/token',
        headers: FORM_HEADERS,
        body: 'grant_type=refresh_token&refresh_token=cal-refresh&client_id=client-id&client_secret=client-secret',
      },
    ]);
    assert.deepEqual([tokens.accessToken, tokens.refreshToken, tokens.expiresIn], ['cal-access-2', 'cal-refresh-2', 7200]);
  });

  it('revokes with RFC 7009, the access token when there is no refresh token', async () => {
    const { provider, network } = contractProvider(calendlyProvider);
    network.answerEmpty(200);

    await provider.revoke({ accessToken: 'cal-access' });

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://auth.calendly.com/oauth/revoke',
        headers: { ...FORM_HEADERS, Authorization: CLIENT_BASIC },
        body: 'token=cal-access&token_type_hint=access_token',
      },
    ]);
  });
});
