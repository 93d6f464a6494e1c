import type { VueWrapper } from '@vue/test-utils';
import { POLL_INTERVAL_MS } from '../../lib/oauthPopup';
import { mountApp } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import type { FetchMock } from '../../test-support/fetchMock';
import { settle } from '../../test-support/flush';
import {
  badgeText,
  completeOnServer,
  connectWithPopup,
  FLOW_ID,
  hasButton,
  NOT_COMPLETED,
  postFromPopup,
  setUpSlackConnect,
} from '../../test-support/slackConnect';

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  fetchMock = setUpSlackConnect();
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

function flowPolls(): number {
  return fetchMock.callsTo('GET', `/integrations/flows/${FLOW_ID}`).length;
}

describe('Connect through the OAuth popup: how an attempt ends', () => {
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
