import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contractProvider, FORM_HEADERS } from '../../../test/support/provider-contract';
import { slackProvider } from './slack.provider';

describe('slackProvider contract', () => {
  it('names the connection after the workspace auth.test reports for the bearer token', async () => {
    const { provider, network } = contractProvider(slackProvider);
    network.answerJson({ ok: true, team_id: 'T024BE7LD', team: 'Acme Support', user_id: 'U1' });

    const profile = await provider.fetchProfile({ accessToken: 'xoxb-access', raw: {} });

    assert.deepEqual(profile, { id: 'T024BE7LD', name: 'Acme Support' });
    assert.deepEqual(network.calls, [
      {
        method: 'GET',
        url: 'https://slack.com/api/auth.test',
        headers: { Accept: 'application/json', Authorization: 'Bearer xoxb-access' },
      },
    ]);
  });

  it('refuses a profile when auth.test answers ok: false with HTTP 200', async () => {
    const { provider, network } = contractProvider(slackProvider);
    network.answerJson({ ok: false, error: 'invalid_auth' });
    await assert.rejects(provider.fetchProfile({ accessToken: 'xoxb-bad', raw: {} }), /Slack auth.test failed: invalid_auth/);
  });

  it('refreshes at oauth.v2.access with the client credentials in the form', async () => {
    const { provider, network } = contractProvider(slackProvider);
    network.answerJson({
      ok: true,
      access_token: 'xoxe-2',
      refresh_token: 'xoxe-r2',
      expires_in: 43200,
      scope: 'chat:write,channels:read',
    });

    const tokens = await provider.refresh('xoxe-r1');

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://slack.com/api/oauth.v2.access',
        headers: FORM_HEADERS,
        body: 'grant_type=refresh_token&refresh_token=xoxe-r1&client_id=client-id&client_secret=client-secret',
      },
    ]);
    assert.deepEqual(tokens.scopes, ['chat:write', 'channels:read']);
    assert.equal(tokens.refreshToken, 'xoxe-r2');
  });

  it('revokes with auth.revoke, the access token itself as the credential', async () => {
    const { provider, network } = contractProvider(slackProvider);
    network.answerJson({ ok: true, revoked: true });

    await provider.revoke({ accessToken: 'xoxb-access', refreshToken: 'xoxe-r1' });

    assert.deepEqual(network.calls, [
      { method: 'GET', url: 'https://slack.com/api/auth.revoke', headers: { Authorization: 'Bearer xoxb-access' } },
    ]);
  });

  it('fails a revocation Slack answers with an error status, so it is retried', async () => {
    const { provider, network } = contractProvider(slackProvider);
    network.answerEmpty(503);
    await assert.rejects(provider.revoke({ accessToken: 'xoxb-access' }), /Slack refused the revocation \(HTTP 503\)/);
  });
});
