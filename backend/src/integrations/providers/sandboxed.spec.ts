import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT, contractProvider, FORM_HEADERS } from '../../../test/support/provider-contract';
import { appSecretProof } from '../catalog/facebook-appsecret-proof';
import { facebookLeadAdsProvider } from '../catalog/facebook-lead-ads.provider';
import { hubspotProvider } from '../catalog/hubspot.provider';
import { slackProvider } from '../catalog/slack.provider';
import { sandboxed } from './sandboxed';

const SANDBOX = 'http://127.0.0.1:4010';
const basic = (clientId: string) => `Basic ${Buffer.from(`${clientId}:${CLIENT.secret}`).toString('base64')}`;

describe(sandboxed.name, () => {
  it("reads the profile from the sandbox's generic /api/me instead of the provider's own API", async () => {
    const { provider, network } = contractProvider(hubspotProvider, { mode: 'sandbox' });
    network.answerJson({ id: 'sandbox-hubspot-1', name: 'Sandbox HubSpot portal' });

    const profile = await provider.fetchProfile({ accessToken: 'sandbox-access', raw: {} });

    assert.deepEqual(profile, { id: 'sandbox-hubspot-1', name: 'Sandbox HubSpot portal' });
    assert.deepEqual(network.calls, [
      {
        method: 'GET',
        url: `${SANDBOX}/hubspot/api/me`,
        headers: { Accept: 'application/json', Authorization: 'Bearer sandbox-access' },
      },
    ]);
  });

  it("revokes with RFC 7009 at the sandbox instead of the provider's own call", async () => {
    const { provider, network } = contractProvider(slackProvider, { mode: 'sandbox' });
    network.answerEmpty(200);

    await provider.revoke({ accessToken: 'sandbox-access', refreshToken: 'sandbox-refresh' });

    assert.deepEqual(network.calls, [
      {
        method: 'POST',
        url: `${SANDBOX}/slack/oauth/revoke`,
        headers: { ...FORM_HEADERS, Authorization: basic('aurora-slack') },
        body: 'token=sandbox-refresh&token_type_hint=refresh_token',
      },
    ]);
  });

  it("keeps a provider whose API the sandbox imitates as it is, aimed at the sandbox's Graph API", async () => {
    assert.equal(sandboxed(facebookLeadAdsProvider), facebookLeadAdsProvider);
    const { provider, network } = contractProvider(facebookLeadAdsProvider, { mode: 'sandbox' });
    network.answerJson({ success: true });

    await provider.revoke({ accessToken: 'sandbox-access' });

    assert.deepEqual(network.calls, [
      {
        method: 'DELETE',
        url: `${SANDBOX}/facebook-lead-ads/graph/v24.0/me/permissions?appsecret_proof=${appSecretProof('sandbox-access', CLIENT.secret)}`,
        headers: { Accept: 'application/json', Authorization: 'Bearer sandbox-access' },
      },
    ]);
  });

  it('leaves the catalog definition itself untouched', () => {
    const played = sandboxed(hubspotProvider);
    assert.notEqual(played.fetchProfile, hubspotProvider.fetchProfile);
    assert.equal(played.revoke, undefined);
    assert.equal(typeof hubspotProvider.revoke, 'function');
    assert.deepEqual(
      { ...played, fetchProfile: undefined, revoke: undefined },
      { ...hubspotProvider, fetchProfile: undefined, revoke: undefined },
    );
  });
});
