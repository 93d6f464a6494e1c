import type { VueWrapper } from '@vue/test-utils';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { errorReply, installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { activityFixture, adminUser, catalogFixture, detail } from '../../test-support/fixtures';

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  MockBroadcastChannel.install();
  fetchMock = installFetchMock();
  signInAs(fetchMock, adminUser);
  fetchMock
    .on('GET', '/integrations', { body: catalogFixture })
    .on('GET', /^\/integrations\/[^/]+\/activity$/, { body: activityFixture });
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function open(path: string) {
  const mounted = await mountApp(path);
  wrapper = mounted.wrapper;
  return mounted;
}

function headerButtons(view: VueWrapper) {
  return view.get('header.header').findAll('button');
}

describe('Integration detail page', () => {
  it('shows the connection and the recent activity in plain words', async () => {
    fetchMock.on('GET', '/integrations/hubspot', { body: detail('hubspot', 'connected') });
    const { wrapper: view } = await open('/integrations/hubspot');

    expect(view.get('h1').text()).toBe('HubSpot');
    expect(view.get('.header-status').text()).toBe('Connected');
    const back = view.findAll('a').find((link) => link.text() === 'Back to integrations');
    expect(back?.attributes('href')).toBe('/integrations');

    const text = view.text();
    expect(text).toContain('Aurora Portal');
    expect(text).toContain('portal-42');
    expect(text).toContain('crm.objects.contacts.read');
    expect(text).toContain('Ada Admin');
    expect(text).toContain('Recent activity');
    expect(text).toContain('Connection completed');
    expect(text).toContain('Access could not be revoked at the provider');
    expect(text).toContain('Provider timed out');
    expect(text).not.toContain('revoke_failed');
  });

  it('offers Reconnect and Disconnect when the provider rejected the saved access', async () => {
    fetchMock.on('GET', '/integrations/salesforce', { body: detail('salesforce', 'reauth_required') });
    const { wrapper: view } = await open('/integrations/salesforce');

    expect(view.get('.header-status').text()).toBe('Reconnect needed');
    expect(headerButtons(view).map((button) => button.text())).toEqual(['Reconnect', 'Disconnect']);
  });

  it('explains which settings an unconfigured integration needs and disables Connect', async () => {
    fetchMock.on('GET', '/integrations/calendly', { body: detail('calendly', 'disconnected') });
    const { wrapper: view } = await open('/integrations/calendly');

    expect(view.text()).toContain('CALENDLY_CLIENT_ID');
    expect(view.text()).toContain('CALENDLY_CLIENT_SECRET');
    const [connect] = headerButtons(view);
    expect(connect?.text()).toBe('Connect');
    expect(connect?.attributes('disabled')).toBeDefined();
  });

  it('names the settings and the redirect URI the server reports, not guessed ones', async () => {
    const setup = {
      clientIdEnv: 'FACEBOOK_CLIENT_ID',
      clientSecretEnv: 'FACEBOOK_APP_SECRET',
      redirectUri: 'https://inbox.example.com/api/v1/integrations/facebook-lead-ads/callback',
    };
    fetchMock.on('GET', '/integrations/facebook-lead-ads', {
      // No permissions listed: their raw scopes are <code> too, and this test reads every <code>.
      body: detail('facebook-lead-ads', 'disconnected', { name: 'Facebook Lead Ads', configured: false, setup, permissions: [] }),
    });
    const { wrapper: view } = await open('/integrations/facebook-lead-ads');

    const codes = view.findAll('code').map((code) => code.text());
    expect(codes).toEqual([setup.clientIdEnv, setup.clientSecretEnv, setup.redirectUri]);
    expect(view.text()).not.toContain('FACEBOOK_CLIENT_SECRET');
  });

  it('says when an integration does not exist', async () => {
    fetchMock.on('GET', '/integrations/nope', errorReply(404, 'not_found'));
    const { wrapper: view } = await open('/integrations/nope');

    expect(view.text()).toContain('Integration not found');
    expect(view.find('header.header').exists()).toBe(false);
  });
});
