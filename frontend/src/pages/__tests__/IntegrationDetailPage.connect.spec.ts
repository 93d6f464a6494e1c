import type { VueWrapper } from '@vue/test-utils';
import type { FlowResponse as ConnectFlow, FlowStatus } from '../../api/schema';
import { POLL_INTERVAL_MS } from '../../composables/useOAuthPopup';
import { redirectTo } from '../../lib/browser';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { errorReply, installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { activityFixture, adminUser, catalogFixture, detail } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';

jest.mock('../../lib/browser', () => ({ redirectTo: jest.fn(), closeCurrentWindow: jest.fn() }));

const FLOW_ID = 'flow-123';
const AUTHORIZE_URL = 'http://127.0.0.1:4010/oauth/slack/authorize?state=abc';
const NOT_COMPLETED = 'Authorization was not completed — try again and finish the steps in the popup.';

interface FakePopup {
  closed: boolean;
  close: jest.Mock;
  focus: jest.Mock;
  location: { href: string };
}

function fakePopup(): FakePopup {
  const popup: FakePopup = {
    closed: false,
    close: jest.fn(() => {
      popup.closed = true;
    }),
    focus: jest.fn(),
    location: { href: 'about:blank' },
  };
  return popup;
}

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;
/** What GET /integrations/flows/:id answers; tests flip it to simulate the callback landing. */
let flowStatus: FlowStatus;
/** What GET /integrations/slack answers; flips to connected when the flow does. */
let slackStatus: 'connected' | 'disconnected';

function flowBody(): ConnectFlow {
  return { flowId: FLOW_ID, integration: 'slack', status: flowStatus };
}

beforeEach(() => {
  jest.useFakeTimers();
  MockBroadcastChannel.install();
  sessionStorage.clear();
  jest.spyOn(document, 'hasFocus').mockReturnValue(true);
  flowStatus = 'pending';
  slackStatus = 'disconnected';

  fetchMock = installFetchMock();
  signInAs(fetchMock, adminUser);
  fetchMock
    .on('GET', '/integrations', () => ({
      body: catalogFixture.map((entry) => (entry.key === 'slack' ? { ...entry, status: slackStatus } : entry)),
    }))
    .on('GET', '/integrations/slack', () => ({ body: detail('slack', slackStatus) }))
    .on('GET', '/integrations/slack/activity', { body: activityFixture })
    .on('POST', '/integrations/slack/connect', {
      status: 201,
      body: { flowId: FLOW_ID, authorizeUrl: AUTHORIZE_URL, expiresAt: new Date(Date.now() + 600_000).toISOString() },
    })
    .on('GET', `/integrations/flows/${FLOW_ID}`, () => ({ body: flowBody() }))
    .on('DELETE', `/integrations/flows/${FLOW_ID}`, () => {
      return { status: 204 };
    });
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  jest.useRealTimers();
});

async function openSlack(): Promise<VueWrapper> {
  const mounted = await mountApp('/integrations/slack');
  wrapper = mounted.wrapper;
  return mounted.wrapper;
}

function button(view: VueWrapper, text: string) {
  const found = view.findAll('button').find((candidate) => candidate.text() === text);
  if (!found) throw new Error(`No button "${text}" in: ${view.text()}`);
  return found;
}

function hasButton(view: VueWrapper, text: string): boolean {
  return view.findAll('button').some((candidate) => candidate.text() === text);
}

function badgeText(view: VueWrapper): string | null {
  const badge = view.find('.header-status .badge');
  return badge.exists() ? badge.text() : null;
}

/** Clicks Connect with a popup that opens fine, and lets the POST land. */
async function connectWithPopup(view: VueWrapper): Promise<FakePopup> {
  const popup = fakePopup();
  jest.spyOn(window, 'open').mockReturnValue(popup as unknown as Window);
  await button(view, 'Connect').trigger('click');
  await settle();
  return popup;
}

function flowPolls(): number {
  return fetchMock.callsTo('GET', `/integrations/flows/${FLOW_ID}`).length;
}

function postFromPopup(data: unknown, init: { origin?: string; source?: unknown } = {}): void {
  const event = new MessageEvent('message', { data, origin: init.origin ?? window.location.origin });
  Object.defineProperty(event, 'source', { value: init.source ?? null });
  window.dispatchEvent(event);
}

function completeOnServer(status: FlowStatus): void {
  flowStatus = status;
  if (status === 'connected') slackStatus = 'connected';
}

describe('Connect through the OAuth popup', () => {
  it('opens a centred about:blank popup synchronously, then points it at the authorize URL', async () => {
    const view = await openSlack();
    const open = jest.spyOn(window, 'open').mockReturnValue(fakePopup() as unknown as Window);

    await button(view, 'Connect').trigger('click');
    // Opened in the click handler itself, before the connect request has answered.
    expect(open).toHaveBeenCalledTimes(1);
    expect(fetchMock.callsTo('POST', '/integrations/slack/connect')).toHaveLength(1);
    const [url, name, features] = open.mock.calls[0] ?? [];
    expect(url).toBe('about:blank');
    expect(name).toBe('aurora-oauth');
    expect(features).toMatch(/^popup,width=600,height=700,left=\d+,top=\d+$/);
    expect(features).not.toContain('noopener');

    await settle();
    const popup = open.mock.results[0]?.value as FakePopup;
    expect(popup.location.href).toBe(AUTHORIZE_URL);
    expect(fetchMock.callsTo('POST', '/integrations/slack/connect')[0]?.init.credentials).toBe('same-origin');
    expect(view.text()).toContain('Waiting for you to finish in the Slack window');
  });

  it('explains a blocked popup and can continue in this tab instead', async () => {
    const view = await openSlack();
    jest.spyOn(window, 'open').mockReturnValue(null);

    await button(view, 'Connect').trigger('click');
    await settle();

    expect(view.text()).toContain('Your browser blocked the sign-in popup');
    expect(view.text()).toContain('address bar');
    expect(fetchMock.callsTo('POST', '/integrations/slack/connect')).toHaveLength(0);

    await button(view, 'Continue in this tab').trigger('click');
    await settle();

    expect(fetchMock.callsTo('POST', '/integrations/slack/connect')).toHaveLength(1);
    expect(redirectTo).toHaveBeenCalledWith(AUTHORIZE_URL);
    expect(sessionStorage.getItem(`aurora:oauth-return:${FLOW_ID}`)).toBe('/integrations/slack');
  });

  it('treats a popup that is closed right away as blocked', async () => {
    const view = await openSlack();
    const popup = fakePopup();
    popup.closed = true;
    jest.spyOn(window, 'open').mockReturnValue(popup as unknown as Window);

    await button(view, 'Connect').trigger('click');
    await settle();

    expect(hasButton(view, 'Continue in this tab')).toBe(true);
    expect(fetchMock.callsTo('POST', '/integrations/slack/connect')).toHaveLength(0);
  });

  it('shows Connected when the popup reports back and the server confirms', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);
    expect(badgeText(view)).toBeNull();

    completeOnServer('connected');
    postFromPopup({ type: 'aurora:oauth', flowId: FLOW_ID, status: 'connected' }, { source: popup });
    await settle();
    await settle();

    // The message only triggered a poll; the answer came from the server.
    expect(flowPolls()).toBe(1);
    expect(badgeText(view)).toBe('Connected');
    expect(hasButton(view, 'Disconnect')).toBe(true);
    expect(hasButton(view, 'Connect')).toBe(false);
    expect(view.text()).toContain('Slack is connected.');
    expect(MockBroadcastChannel.sent).toContainEqual({
      name: 'aurora-integrations',
      data: expect.objectContaining({ type: 'integration-changed', key: 'slack' }),
    });
  });

  it.each([
    ['a foreign origin', { origin: 'https://evil.example' }, FLOW_ID],
    ['another window', { source: {} }, FLOW_ID],
    ['another flow', {}, 'someone-elses-flow'],
  ])('ignores a message from %s', async (_case, init, flowId) => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);
    completeOnServer('connected');

    postFromPopup({ type: 'aurora:oauth', flowId, status: 'connected' }, { source: popup, ...init });
    await settle();

    expect(flowPolls()).toBe(0);
    expect(badgeText(view)).toBeNull();
  });

  it('completes from a BroadcastChannel message (the popup lost window.opener)', async () => {
    const view = await openSlack();
    await connectWithPopup(view);
    completeOnServer('connected');

    MockBroadcastChannel.emit('aurora-oauth', { type: 'aurora:oauth', flowId: 'other-flow', status: 'connected' });
    await settle();
    expect(flowPolls()).toBe(0);

    MockBroadcastChannel.emit('aurora-oauth', { type: 'aurora:oauth', flowId: FLOW_ID, status: 'connected' });
    await settle();
    await settle();

    expect(flowPolls()).toBe(1);
    expect(badgeText(view)).toBe('Connected');
  });

  it('completes by polling alone when no message ever arrives', async () => {
    const view = await openSlack();
    await connectWithPopup(view);

    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(flowPolls()).toBe(1);
    expect(badgeText(view)).toBeNull();

    completeOnServer('connected');
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    await settle();

    expect(flowPolls()).toBe(2);
    expect(badgeText(view)).toBe('Connected');
  });

  it('confirms a closed popup with the server, cancels the pending flow and says so', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);

    // The person spends a while on the provider page, then closes the window.
    await jest.advanceTimersByTimeAsync(5000);
    popup.closed = true;
    await jest.advanceTimersByTimeAsync(500);
    expect(fetchMock.callsTo('DELETE', `/integrations/flows/${FLOW_ID}`)).toHaveLength(0);

    await jest.advanceTimersByTimeAsync(1000);
    await settle();

    expect(fetchMock.callsTo('DELETE', `/integrations/flows/${FLOW_ID}`)).toHaveLength(1);
    expect(view.text()).toContain(NOT_COMPLETED);
    expect(badgeText(view)).toBeNull();
    expect(hasButton(view, 'Connect')).toBe(true);
  });

  it('does not take a closed popup as cancel when the server says it connected', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);

    await jest.advanceTimersByTimeAsync(5000);
    completeOnServer('connected');
    popup.closed = true;
    await jest.advanceTimersByTimeAsync(1500);
    await settle();

    expect(fetchMock.callsTo('DELETE', `/integrations/flows/${FLOW_ID}`)).toHaveLength(0);
    expect(view.text()).not.toContain(NOT_COMPLETED);
    expect(badgeText(view)).toBe('Connected');
  });

  it('keeps waiting when the popup looks closed right after loading the provider (COOP)', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);

    popup.closed = true;
    await jest.advanceTimersByTimeAsync(2000);
    await settle();

    expect(fetchMock.callsTo('DELETE', `/integrations/flows/${FLOW_ID}`)).toHaveLength(0);
    expect(view.text()).not.toContain(NOT_COMPLETED);
    expect(view.text()).toContain('no longer reports back');

    completeOnServer('connected');
    MockBroadcastChannel.emit('aurora-oauth', { type: 'aurora:oauth', flowId: FLOW_ID, status: 'connected' });
    await settle();
    await settle();
    expect(badgeText(view)).toBe('Connected');
  });

  it('tells the person access was denied', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);

    completeOnServer('denied');
    postFromPopup({ type: 'aurora:oauth', flowId: FLOW_ID, status: 'denied' }, { source: popup });
    await settle();

    expect(view.text()).toContain('Access was denied. Connect again and choose Authorize to give Aurora Inbox access.');
    expect(badgeText(view)).toBeNull();
    expect(hasButton(view, 'Connect')).toBe(true);
  });

  it('reports a provider failure', async () => {
    const view = await openSlack();
    await connectWithPopup(view);

    completeOnServer('failed');
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    await settle();

    expect(view.text()).toContain('The provider is unavailable or returned an error. Please try again in a moment.');
  });

  it('gives up when the flow expires', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);

    await jest.advanceTimersByTimeAsync(600_000 + 1_000);
    await settle();

    expect(view.text()).toContain('The authorization took too long and expired. Please try again.');
    expect(fetchMock.callsTo('DELETE', `/integrations/flows/${FLOW_ID}`)).toHaveLength(1);
    expect(popup.close).toHaveBeenCalled();
  });

  it('closes the popup and refreshes when the server says it is already connected', async () => {
    fetchMock.on('POST', '/integrations/slack/connect', errorReply(409, 'already_connected'));
    const view = await openSlack();
    // Connected meanwhile from another browser; this page still shows Connect.
    slackStatus = 'connected';
    const popup = await connectWithPopup(view);

    expect(popup.close).toHaveBeenCalled();
    expect(view.text()).toContain('This integration is already connected.');
    expect(badgeText(view)).toBe('Connected');
  });

  it('closes the popup and explains when the integration is not configured', async () => {
    fetchMock.on('POST', '/integrations/slack/connect', errorReply(422, 'not_configured'));
    const view = await openSlack();
    const popup = await connectWithPopup(view);

    expect(popup.close).toHaveBeenCalled();
    expect(view.text()).toContain('not configured on the server');
  });

  it('stops listening and polling when the page goes away', async () => {
    const view = await openSlack();
    await connectWithPopup(view);
    expect(MockBroadcastChannel.listeners('aurora-oauth')).toBe(1);

    view.unmount();
    wrapper = null;

    expect(MockBroadcastChannel.listeners('aurora-oauth')).toBe(0);
    expect(MockBroadcastChannel.listeners('aurora-integrations')).toBe(0);
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 3);
    expect(flowPolls()).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });
});
