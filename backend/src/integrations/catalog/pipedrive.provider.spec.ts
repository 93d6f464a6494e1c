import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_BASIC, contractProvider, FORM_HEADERS } from '../../../test/support/provider-contract';
import { pipedriveProvider } from './pipedrive.provider';

describe('pipedriveProvider contract', () => {
  it('names the connection after the company users/me belongs to', async () => {
    const { provider, network } = contractProvider(pipedriveProvider);
    network.answerJson({ success: true, data: { id: 11, company_id: 9001, company_name: 'Acme GmbH', company_domain: 'acme' } });

    const profile = await provider.fetchProfile({ accessToken: 'pd-access', raw: {} });

    assert.deepEqual(profile, { id: '9001', name: 'Acme GmbH' });
    assert.deepEqual(network.calls, [
      {
        method: 'GET',
        url: 'https://api.pipedrive.com/v1/users/me',
        headers: { Accept: 'application/json', Authorization: 'Bearer pd-access' },
      },
    ]);
  });

  it('falls back to the company domain, then its id', async () => {
    const { provider, network } = contractProvider(pipedriveProvider);
    network.answerJson({ data: { company_id: 1, company_domain: 'acme' } }).answerJson({ data: { company_id: 2 } });
    assert.deepEqual(await provider.fetchProfile({ accessToken: 'a', raw: {} }), { id: '1', name: 'acme' });
    assert.deepEqual(await provider.fetchProfile({ accessToken: 'a', raw: {} }), { id: '2', name: '2' });
  });

  it('refreshes with the client credentials in a Basic header only, never in the form', async () => {
    const { provider, network } = contractProvider(pipedriveProvider);
    network.answerJson({
      access_token: 'pd-access-2',
      refresh_token: 'pd-refresh-2',
      expires_in: 3599,
      scope: 'base,deals:full',
    });

    const tokens = await provider.refresh('pd-refresh');

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://oauth.pipedrive.com/oauth/token',
        headers: { ...FORM_HEADERS, Authorization: CLIENT_BASIC },
        body: 'grant_type=refresh_token&refresh_token=pd-refresh',
      },
    ]);
    assert.deepEqual(tokens.scopes, ['base', 'deals:full']);
  });

  it('sends the code exchange the same way, with the exact redirect URI', async () => {
    const { provider, network } = contractProvider(pipedriveProvider);
    network.answerJson({ access_token: 'pd-access', refresh_token: 'pd-refresh' });

    await provider.exchangeCode('code-1', undefined);

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://oauth.pipedrive.com/oauth/token',
        headers: { ...FORM_HEADERS, Authorization: CLIENT_BASIC },
        body:
          'grant_type=authorization_code&code=code-1' +
          '&redirect_uri=https%3A%2F%2Finbox.example.com%2Fapi%2Fv1%2Fintegrations%2Fpipedrive%2Fcallback',
      },
    ]);
  });

  it('revokes the refresh token with RFC 7009 and client authentication', async () => {
    const { provider, network } = contractProvider(pipedriveProvider);
    network.answerEmpty(200);

    await provider.revoke({ accessToken: 'pd-access', refreshToken: 'pd-refresh' });

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://oauth.pipedrive.com/oauth/revoke',
        headers: { ...FORM_HEADERS, Authorization: CLIENT_BASIC },
        body: 'token=pd-refresh&token_type_hint=refresh_token',
      },
    ]);
  });
});
