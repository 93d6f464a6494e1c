import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contractProvider, FORM_HEADERS } from '../../../test/support/provider-contract';
import { appSecretProof } from './facebook-appsecret-proof';
import { facebookLeadAdsProvider } from './facebook-lead-ads.provider';

const GRAPH = 'https://graph.facebook.com/v24.0';

describe('facebookLeadAdsProvider contract', () => {
  it('reads the user from the versioned Graph API /me with only id and name, proving the app secret', async () => {
    const { provider, network } = contractProvider(facebookLeadAdsProvider);
    network.answerJson({ id: '10229', name: 'Ada Lovelace' });

    const profile = await provider.fetchProfile({ accessToken: 'EAAB-access', raw: {} });

    assert.deepEqual(profile, { id: '10229', name: 'Ada Lovelace' });
    assert.deepEqual(network.calls, [
      {
        method: 'GET',
        url: `${GRAPH}/me?fields=id%2Cname&appsecret_proof=${appSecretProof('EAAB-access', 'client-secret')}`,
        headers: { Accept: 'application/json', Authorization: 'Bearer EAAB-access' },
      },
    ]);
  });

  it('swaps the short-lived code-exchange token for a long-lived one', async () => {
    const { provider, network } = contractProvider(facebookLeadAdsProvider, { env: { FACEBOOK_GRAPH_VERSION: 'v21.0' } });
    network
      .answerJson({ access_token: 'EAAB-short', token_type: 'bearer', expires_in: 5183 })
      .answerJson({ access_token: 'EAAB-long', token_type: 'bearer', expires_in: 5_183_944 });

    const tokens = await provider.exchangeCode('fb-code', 'verifier-1');

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: 'https://graph.facebook.com/v21.0/oauth/access_token',
        headers: FORM_HEADERS,
        body:
          'grant_type=authorization_code&code=fb-code' +
          '&redirect_uri=https%3A%2F%2Finbox.example.com%2Fapi%2Fv1%2Fintegrations%2Ffacebook-lead-ads%2Fcallback' +
          '&code_verifier=verifier-1&client_id=client-id&client_secret=client-secret',
      },
      {
        method: 'GET',
        url:
          'https://graph.facebook.com/v21.0/oauth/access_token?grant_type=fb_exchange_token' +
          '&client_id=client-id&client_secret=client-secret&fb_exchange_token=EAAB-short',
        headers: { Accept: 'application/json' },
      },
    ]);
    assert.deepEqual([tokens.accessToken, tokens.refreshToken, tokens.expiresIn], ['EAAB-long', undefined, 5_183_944]);
  });

  it('revokes by deleting the app permissions, which ends every token of the grant', async () => {
    const { provider, network } = contractProvider(facebookLeadAdsProvider);
    network.answerJson({ success: true });

    await provider.revoke({ accessToken: 'EAAB-long' });

    assert.deepEqual(network.calls, [
      {
        method: 'DELETE',
        url: `${GRAPH}/me/permissions?appsecret_proof=${appSecretProof('EAAB-long', 'client-secret')}`,
        headers: { Accept: 'application/json', Authorization: 'Bearer EAAB-long' },
      },
    ]);
  });

  it('fails a revocation Facebook could not do now, so it is retried', async () => {
    const { provider, network } = contractProvider(facebookLeadAdsProvider);
    network.answerJson({ error: { message: 'Service temporarily unavailable', code: 2 } }, 503);
    await assert.rejects(provider.revoke({ accessToken: 'EAAB-long' }), /Facebook refused the revocation \(HTTP 503\)/);
    network.answerJson({ error: { message: '(#4) Application request limit reached', code: 4 } }, 400);
    await assert.rejects(provider.revoke({ accessToken: 'EAAB-long' }), /HTTP 400/);
  });

  it('treats a token Facebook no longer knows (190) as revoked: retrying could never succeed', async () => {
    const { provider, network } = contractProvider(facebookLeadAdsProvider);
    network.answerJson({ error: { message: 'Error validating access token: Session has expired.', code: 190 } }, 400);
    await provider.revoke({ accessToken: 'EAAB-gone' });
  });
});
