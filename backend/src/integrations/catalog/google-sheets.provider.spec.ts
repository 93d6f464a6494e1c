import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_BASIC, contractProvider, FORM_HEADERS } from '../../../test/support/provider-contract';
import { googleSheetsProvider } from './google-sheets.provider';

describe('googleSheetsProvider contract', () => {
  it('names the connection after the OpenID userinfo email', async () => {
    const { provider, network } = contractProvider(googleSheetsProvider);
    network.answerJson({ sub: '1098765', email: 'sheets@acme.example', name: 'Acme Sheets' });

    const profile = await provider.fetchProfile({ accessToken: 'ya29.access', raw: {} });

    assert.deepEqual(profile, { id: '1098765', name: 'sheets@acme.example' });
    assert.deepEqual(network.calls, [
      {
        method: 'GET',
        url: 'https://openidconnect.googleapis.com/v1/userinfo',
        headers: { Accept: 'application/json', Authorization: 'Bearer ya29.access' },
      },
    ]);
  });

  it('falls back to the name, then the subject, when userinfo has no email', async () => {
    const { provider, network } = contractProvider(googleSheetsProvider);
    network.answerJson({ sub: '1', name: 'Ada' }).answerJson({ sub: '2' });
    assert.deepEqual(await provider.fetchProfile({ accessToken: 'a', raw: {} }), { id: '1', name: 'Ada' });
    assert.deepEqual(await provider.fetchProfile({ accessToken: 'a', raw: {} }), { id: '2', name: '2' });
  });

  it('refreshes at oauth2.googleapis.com with the client credentials in the form', async () => {
    const { provider, network } = contractProvider(googleSheetsProvider);
    network.answerJson({ access_token: 'ya29.fresh', expires_in: 3599, scope: 'openid email', token_type: 'Bearer' });

    const tokens = await provider.refresh('1//refresh');

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://oauth2.googleapis.com/token',
        headers: FORM_HEADERS,
        body: 'grant_type=refresh_token&refresh_token=1%2F%2Frefresh&client_id=client-id&client_secret=client-secret',
      },
    ]);
    assert.deepEqual([tokens.accessToken, tokens.expiresIn, tokens.scopes], ['ya29.fresh', 3599, ['openid', 'email']]);
  });

  it('revokes the refresh token with RFC 7009 and client authentication', async () => {
    const { provider, network } = contractProvider(googleSheetsProvider);
    network.answerEmpty(200);

    await provider.revoke({ accessToken: 'ya29.access', refreshToken: '1//refresh' });

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://oauth2.googleapis.com/revoke',
        headers: { ...FORM_HEADERS, Authorization: CLIENT_BASIC },
        body: 'token=1%2F%2Frefresh&token_type_hint=refresh_token',
      },
    ]);
  });
});
