import type { VueWrapper } from '@vue/test-utils';
import { POLL_INTERVAL_MS } from '../../lib/oauthPopup';
import { mountApp } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import type { FetchMock } from '../../test-support/fetchMock';
import { settle } from '../../test-support/flush';
import {
  badgeText,
  button,
  completeOnServer,
  connectWithPopup,
  disconnectedElsewhere,
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

  it('a popup closed within a second: after a short grace it says so and offers Connect again', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);

    await jest.advanceTimersByTimeAsync(1000);
    popup.closed = true;
    await jest.advanceTimersByTimeAsync(500);
    await settle();
    // Right after it looks closed it may just be cut off by COOP: no verdict yet.
    expect(view.text()).toContain('no longer reports back');
    expect(hasButton(view, 'I closed it')).toBe(true);

    await jest.advanceTimersByTimeAsync(1000);
    await settle();
    expect(view.text()).toContain('The window was closed before you finished.');
    expect(button(view, 'Connect').attributes('disabled')).toBeUndefined();
    expect(view.text()).not.toContain('Waiting for you to finish');
  });

  it('Connect after an early close cancels the old flow and opens a new attempt', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);
    popup.closed = true;
    await jest.advanceTimersByTimeAsync(2000);
    await settle();
    expect(view.text()).toContain('The window was closed before you finished.');

    await connectWithPopup(view);
    expect(fetchMock.callsTo('DELETE', `/integrations/flows/${FLOW_ID}`)).toHaveLength(1);
    expect(fetchMock.callsTo('POST', '/integrations/slack/connect')).toHaveLength(2);
    expect(view.text()).toContain('Waiting for you to finish in the Slack window');
  });

  it('a popup that looked closed early but was only cut off by COOP still completes', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);

    popup.closed = true;
    await jest.advanceTimersByTimeAsync(2000);
    await settle();

    expect(fetchMock.callsTo('DELETE', `/integrations/flows/${FLOW_ID}`)).toHaveLength(0);
    expect(view.text()).not.toContain(NOT_COMPLETED);
    expect(view.text()).toContain('The window was closed before you finished.');

    completeOnServer('connected');
    MockBroadcastChannel.emit('aurora-oauth', { type: 'aurora:oauth', flowId: FLOW_ID, status: 'connected' });
    await settle();
    await settle();
    expect(badgeText(view)).toBe('Connected');
    expect(view.text()).toContain('Slack is connected.');
    expect(view.text()).not.toContain('The window was closed before you finished.');
  });

  it('moves focus to the heading once connected, and the success banner can be dismissed', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);
    (document.activeElement as HTMLElement | null)?.blur();

    completeOnServer('connected');
    postFromPopup({ type: 'aurora:oauth', flowId: FLOW_ID, status: 'connected' }, { source: popup });
    await settle();
    await settle();

    expect(document.activeElement?.tagName).toBe('H1');
    expect(document.activeElement?.textContent).toBe('Slack');
    await button(view, 'Dismiss').trigger('click');
    expect(view.text()).not.toContain('Slack is connected.');
  });

  it('drops the success banner when another tab disconnects', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);
    completeOnServer('connected');
    postFromPopup({ type: 'aurora:oauth', flowId: FLOW_ID, status: 'connected' }, { source: popup });
    await settle();
    await settle();
    expect(view.text()).toContain('Slack is connected.');

    disconnectedElsewhere();
    MockBroadcastChannel.emit('aurora-integrations', { type: 'integration-changed', key: 'slack', sender: 'other-tab' });
    await settle();
    await settle();

    expect(badgeText(view)).not.toBe('Connected');
    expect(view.text()).not.toContain('Slack is connected.');
  });

  it('tells the person access was denied', async () => {
    const view = await openSlack();
    const popup = await connectWithPopup(view);

    completeOnServer('denied');
    postFromPopup({ type: 'aurora:oauth', flowId: FLOW_ID, status: 'denied' }, { source: popup });
    await settle();

    expect(view.text()).toContain('You chose not to give Aurora Inbox access. Choose Connect whenever you want to connect.');
    // Their own choice, not an error.
    expect(view.find('[role="alert"]').exists()).toBe(false);
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
