import type { VueWrapper } from '@vue/test-utils';
import type { EventResponse, EventType } from '../../api/schema';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { MockEventSource } from '../../test-support/eventSource';
import { installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { adminUser, agentUser, catalogFixture, contact } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  MockBroadcastChannel.install();
  MockEventSource.install();
  fetchMock = installFetchMock();
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

function theStream(): MockEventSource {
  expect(MockEventSource.open).toHaveLength(1);
  return MockEventSource.open[0]!;
}

const event = (type: EventType, data: Record<string, unknown>, id = '7'): EventResponse => ({
  id,
  type,
  accountId: adminUser.accountId,
  occurredAt: '2026-01-01T00:00:00.000Z',
  data,
});

describe('live updates', () => {
  it('opens one stream for a Channels Administrator, with the session cookie', async () => {
    signInAs(fetchMock, adminUser);
    fetchMock.on('GET', '/integrations', { body: catalogFixture });
    const { router } = await open('/integrations');
    await router.push('/contacts');
    await settle();

    expect(MockEventSource.instances).toHaveLength(1);
    expect(theStream().url).toBe('/api/v1/events/stream');
    expect(theStream().init.withCredentials).toBe(true);
  });

  it('turns a card green when another admin connects, without a reload', async () => {
    signInAs(fetchMock, adminUser);
    fetchMock.on('GET', '/integrations', { body: catalogFixture });
    const { wrapper: view } = await open('/integrations');
    const slackCard = () => view.findAll('a.card')[2]!;
    expect(slackCard().find('.badge--success').exists()).toBe(false);

    fetchMock.on('GET', '/integrations', {
      body: catalogFixture.map((entry) => (entry.key === 'slack' ? { ...entry, status: 'connected' } : entry)),
    });
    theStream().accept();
    theStream().emit('connection.connected', event('connection.connected', { integrationKey: 'slack', connectionId: 'c1' }));
    await settle();

    expect(slackCard().find('.badge--success').text()).toBe('Connected');
  });

  it('puts an arriving lead on top of the Contacts page, keeping what is shown', async () => {
    signInAs(fetchMock, adminUser);
    fetchMock.on('GET', '/contacts', { body: { data: [contact('1')], nextCursor: null } });
    const { wrapper: view } = await open('/contacts');
    fetchMock.on('GET', '/contacts', { body: { data: [contact('2'), contact('1')], nextCursor: null } });

    theStream().accept();
    theStream().emit('lead.received', event('lead.received', { contactId: '2', created: true }));
    await settle();

    expect(view.findAll('tbody th').map((cell) => cell.text())).toEqual(['Person 2', 'Person 1']);
  });

  it('opens no stream for an agent, who may not see the account’s events', async () => {
    signInAs(fetchMock, agentUser);
    fetchMock.on('GET', '/contacts', { body: { data: [], nextCursor: null } });
    await open('/contacts');

    expect(MockEventSource.instances).toHaveLength(0);
  });

  it('closes the stream when the person signs out', async () => {
    signInAs(fetchMock, adminUser);
    fetchMock.on('GET', '/contacts', { body: { data: [], nextCursor: null } });
    fetchMock.on('POST', '/auth/logout', { status: 204 });
    const { wrapper: view } = await open('/contacts');
    theStream().accept();

    await view
      .findAll('button')
      .find((button) => button.text() === 'Sign out')!
      .trigger('click');
    await settle();

    expect(MockEventSource.open).toHaveLength(0);
  });
});
