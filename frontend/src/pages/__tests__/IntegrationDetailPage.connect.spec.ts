import type { VueWrapper } from '@vue/test-utils';
import { POLL_INTERVAL_MS } from '../../lib/oauthPopup';
import { redirectTo } from '../../lib/browser';
import { mountApp } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { errorReply, type FetchMock } from '../../test-support/fetchMock';
import { settle } from '../../test-support/flush';
import {
  AUTHORIZE_URL,
  badgeText,
  button,
  completeOnServer,
  connectedElsewhere,
  connectWithPopup,
  fakePopup,
  FLOW_ID,
  hasButton,
  postFromPopup,
  setUpSlackConnect,
  type FakePopup,
} from '../../test-support/slackConnect';

jest.mock('../../lib/browser', () => ({ redirectTo: jest.fn(), closeCurrentWindow: jest.fn() }));

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

  it('closes the popup and refreshes when the server says it is already connected', async () => {
    fetchMock.on('POST', '/integrations/slack/connect', errorReply(409, 'already_connected'));
    const view = await openSlack();
    // Connected meanwhile from another browser; this page still shows Connect.
    connectedElsewhere();
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
});
