import type { DOMWrapper, VueWrapper } from '@vue/test-utils';
import type { Router } from 'vue-router';
import { POLL_INTERVAL_MS } from '../../lib/oauthPopup';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { errorReply, installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { activityFixture, adminUser, catalogFixture, detail } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';
import {
  badgeText,
  completeOnServer,
  connectWithPopup,
  FLOW_ID,
  postFromPopup,
  setUpSlackConnect,
} from '../../test-support/slackConnect';

// The connect attempt and the disconnect dialog live in the integrations store, so leaving the page
// and coming back finds them as they were (or as they ended meanwhile).

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  jest.useRealTimers();
});

async function open(path: string): Promise<{ view: VueWrapper; router: Router }> {
  const mounted = await mountApp(path);
  wrapper = mounted.wrapper;
  return { view: mounted.wrapper, router: mounted.router };
}

async function go(router: Router, path: string): Promise<void> {
  await router.push(path);
  await settle();
}

function slackCardBadge(view: VueWrapper): string {
  const card = view.findAll('a.card').find((candidate) => candidate.find('.card__name').text() === 'Slack');
  return card?.find('.badge').text() ?? '';
}

describe('A connect attempt across pages', () => {
  beforeEach(() => {
    fetchMock = setUpSlackConnect();
  });

  it('is still waiting for the popup when the person comes back', async () => {
    const { view, router } = await open('/integrations/slack');
    const popup = await connectWithPopup(view);

    await go(router, '/integrations');
    await go(router, '/integrations/slack');

    expect(view.text()).toContain('Waiting for you to finish in the Slack window');
    completeOnServer('connected');
    postFromPopup({ type: 'aurora:oauth', flowId: FLOW_ID, status: 'connected' }, { source: popup });
    await settle();
    await settle();
    expect(badgeText(view)).toBe('Connected');
    expect(view.text()).toContain('Slack is connected.');
  });

  it('keeps being watched elsewhere in the app: the catalog turns Connected, the page shows the result', async () => {
    const { view, router } = await open('/integrations/slack');
    const popup = await connectWithPopup(view);
    await go(router, '/integrations');

    completeOnServer('connected');
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    await settle();

    expect(fetchMock.callsTo('GET', `/integrations/flows/${FLOW_ID}`)).toHaveLength(1);
    expect(popup.close).toHaveBeenCalled();
    expect(slackCardBadge(view)).toBe('Connected');
    await go(router, '/integrations/slack');
    expect(view.text()).toContain('Slack is connected.');
  });

  it('shows a refusal that happened while the person was away', async () => {
    const { view, router } = await open('/integrations/slack');
    await connectWithPopup(view);
    await go(router, '/contacts');

    completeOnServer('denied');
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    await go(router, '/integrations/slack');

    expect(view.text()).toContain('You chose not to give Aurora Inbox access. Choose Connect whenever you want to connect.');
  });
});

describe('The disconnect dialog across pages', () => {
  let hubspotConnected: boolean;

  beforeEach(() => {
    MockBroadcastChannel.install();
    hubspotConnected = true;
    fetchMock = installFetchMock();
    signInAs(fetchMock, adminUser);
    fetchMock
      .on('GET', '/integrations', { body: catalogFixture })
      .on('GET', '/integrations/hubspot', () => ({ body: detail('hubspot', hubspotConnected ? 'connected' : 'disconnected') }))
      .on('GET', '/integrations/hubspot/activity', { body: activityFixture })
      .on('GET', '/contacts', { body: { data: [], nextCursor: null } });
  });

  const dialog = (view: VueWrapper) => view.find('[role="dialog"]');
  const dialogButton = (view: VueWrapper, text: string) =>
    dialog(view)
      .findAll('button')
      .find((candidate: DOMWrapper<Element>) => candidate.text() === text);

  async function confirmDisconnect(view: VueWrapper): Promise<void> {
    const header = view.get('header.header');
    await header
      .findAll('button')
      .find((candidate) => candidate.text() === 'Disconnect')
      ?.trigger('click');
    await settle();
    await dialogButton(view, 'Disconnect')?.trigger('click');
    await settle();
  }

  it('is still open, with its request still running, after leaving and coming back', async () => {
    let answer: (value: { status: number }) => void = () => undefined;
    fetchMock.on('DELETE', '/integrations/hubspot/connection', () => new Promise((resolve) => (answer = resolve)));
    const { view, router } = await open('/integrations/hubspot');
    await confirmDisconnect(view);

    await go(router, '/integrations');
    expect(dialog(view).exists()).toBe(false);
    await go(router, '/integrations/hubspot');

    expect(dialog(view).exists()).toBe(true);
    expect(dialogButton(view, 'Disconnect')?.attributes('disabled')).toBeDefined();
    hubspotConnected = false;
    answer({ status: 204 });
    await settle();
    await settle();
    expect(dialog(view).exists()).toBe(false);
    expect(view.get('.header-status').text()).toBe('');
  });

  it('still shows why the disconnect failed after leaving and coming back', async () => {
    fetchMock.on('DELETE', '/integrations/hubspot/connection', errorReply(500, 'internal_error', 'boom'));
    const { view, router } = await open('/integrations/hubspot');
    await confirmDisconnect(view);

    await go(router, '/contacts');
    await go(router, '/integrations/hubspot');

    expect(dialog(view).get('[role="alert"]').text()).toContain('Aurora Inbox had a problem on its side');
    expect(view.get('.header-status').text()).toBe('Connected');
  });
});
