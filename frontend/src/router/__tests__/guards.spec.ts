import type { VueWrapper } from '@vue/test-utils';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { adminUser, agentUser, catalogFixture } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  MockBroadcastChannel.install();
  fetchMock = installFetchMock();
  fetchMock
    .on('GET', '/integrations', { body: catalogFixture })
    .on('GET', '/contacts', { body: { data: [], nextCursor: null } })
    .on('POST', '/auth/logout', { status: 204 });
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function visit(path: string) {
  const mounted = await mountApp(path);
  wrapper = mounted.wrapper;
  return mounted;
}

function sidebarLinks(view: VueWrapper): string[] {
  return view.findAll('nav a').map((link) => link.text());
}

describe('Route guards', () => {
  it('sends a signed-out visitor to the sign-in page, remembering where they were going', async () => {
    signInAs(fetchMock, null);
    const { router, wrapper: view } = await visit('/integrations/hubspot');

    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/integrations/hubspot');
    expect(view.find('nav').exists()).toBe(false);
    expect(view.text()).toContain('admin@aurora.test');
  });

  it('shows an agent the required-role page naming Channels Administrator, keeping the URL', async () => {
    signInAs(fetchMock, agentUser);
    const { router, wrapper: view } = await visit('/integrations');

    expect(router.currentRoute.value.path).toBe('/integrations');
    expect(router.currentRoute.value.name).toBe('required-role');
    expect(view.get('h1').text()).toBe('You need the Channels Administrator role');
    expect(view.text()).toContain('Aurora Demo');
    // The agent never asked the server for integrations.
    expect(fetchMock.callsTo('GET', '/integrations')).toHaveLength(0);
  });

  it('also refuses an agent the integration detail page', async () => {
    signInAs(fetchMock, agentUser);
    const { wrapper: view } = await visit('/integrations/hubspot');

    expect(view.text()).toContain('Channels Administrator');
    expect(view.find('header.header').exists()).toBe(false);
  });

  it('hides Integrations from an agent and opens Contacts from the start page', async () => {
    signInAs(fetchMock, agentUser);
    const { router, wrapper: view } = await visit('/');

    expect(router.currentRoute.value.path).toBe('/contacts');
    expect(sidebarLinks(view)).toEqual(['Contacts']);
  });

  it('opens Integrations for a Channels Administrator, with the shell showing who is signed in', async () => {
    signInAs(fetchMock, adminUser);
    const { router, wrapper: view } = await visit('/');

    expect(router.currentRoute.value.path).toBe('/integrations');
    expect(view.get('#sidebar-tools').text()).toBe('Tools');
    expect(sidebarLinks(view)).toEqual(['Integrations', 'Contacts', 'API keys', 'Webhooks']);
    expect(view.get('#sidebar-settings').text()).toBe('Settings');
    expect(view.text()).toContain('Ada Admin');
    expect(view.text()).toContain('Aurora Demo');
  });

  it('signs out and returns to the sign-in page', async () => {
    signInAs(fetchMock, adminUser);
    const { router, wrapper: view } = await visit('/integrations');

    const signOut = view.findAll('button').find((button) => button.text() === 'Sign out');
    await signOut?.trigger('click');
    await settle();
    await settle();

    expect(fetchMock.callsTo('POST', '/auth/logout')).toHaveLength(1);
    expect(router.currentRoute.value.name).toBe('login');
    expect(view.find('nav').exists()).toBe(false);
  });

  it('returns to sign-in when the session expires mid-use', async () => {
    signInAs(fetchMock, adminUser);
    fetchMock.on('GET', '/integrations', { status: 401, body: { statusCode: 401, error: 'unauthorized', message: 'x' } });
    const { router } = await visit('/integrations');
    await settle();

    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/integrations');
  });

  it('renders /oauth/complete without the shell and without asking for a session', async () => {
    signInAs(fetchMock, adminUser);
    fetchMock.on('GET', '/integrations/flows/f1', { body: { flowId: 'f1', integration: 'slack', status: 'connected' } });
    jest.spyOn(window, 'close').mockImplementation(() => undefined);
    const { wrapper: view } = await visit('/oauth/complete?flow=f1');

    expect(view.find('nav').exists()).toBe(false);
    expect(fetchMock.callsTo('GET', '/auth/session')).toHaveLength(0);
  });
});
