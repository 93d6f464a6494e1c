import type { VueWrapper } from '@vue/test-utils';
import type { FlowResponse as ConnectFlow, FlowStatus } from '../api/schema';
import { MockBroadcastChannel } from './broadcastChannel';
import { installFetchMock, type FetchMock } from './fetchMock';
import { activityFixture, adminUser, catalogFixture, detail } from './fixtures';
import { settle } from './flush';
import { signInAs } from './app';

// The server side and the browser pieces of the connect-flow page specs: Slack, one flow, a fake popup.

export const FLOW_ID = 'flow-123';
export const AUTHORIZE_URL = 'http://127.0.0.1:4010/oauth/slack/authorize?state=abc';
export const NOT_COMPLETED = 'Authorization was not completed — try again and finish the steps in the popup.';

export interface FakePopup {
  closed: boolean;
  close: jest.Mock;
  focus: jest.Mock;
  location: { href: string };
}

export function fakePopup(): FakePopup {
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

/** What GET /integrations/flows/:id answers; tests flip it to simulate the callback landing. */
let flowStatus: FlowStatus;
/** What GET /integrations/slack answers; flips to connected when the flow does. */
let slackStatus: 'connected' | 'disconnected';

function flowBody(): ConnectFlow {
  return { flowId: FLOW_ID, integration: 'slack', status: flowStatus };
}

/** Fake timers and channels, a signed-in admin, and a server with Slack disconnected and one pending flow. */
export function setUpSlackConnect(): FetchMock {
  jest.useFakeTimers();
  MockBroadcastChannel.install();
  sessionStorage.clear();
  jest.spyOn(document, 'hasFocus').mockReturnValue(true);
  flowStatus = 'pending';
  slackStatus = 'disconnected';

  const fetchMock = installFetchMock();
  signInAs(fetchMock, adminUser);
  fetchMock
    .on('GET', '/integrations', () => ({
      body: catalogFixture.map((entry) => (entry.key === 'slack' ? { ...entry, status: slackStatus } : entry)),
    }))
    .on('GET', '/integrations/slack', () => ({ body: detail('slack', slackStatus) }))
    .on('GET', '/integrations/slack/activity', { body: activityFixture })
    // Slack's content area (lead alerts) reads its settings whether or not Slack is connected.
    .on('GET', '/integrations/slack/destination', {
      body: {
        integrationKey: 'slack',
        configured: false,
        settings: {},
        lastDeliveredAt: null,
        lastError: null,
        lastErrorAt: null,
      },
    })
    .on('GET', '/integrations/slack/destination/deliveries', { body: [] })
    .on('POST', '/integrations/slack/connect', {
      status: 201,
      body: { flowId: FLOW_ID, authorizeUrl: AUTHORIZE_URL, expiresAt: new Date(Date.now() + 600_000).toISOString() },
    })
    .on('GET', `/integrations/flows/${FLOW_ID}`, () => ({ body: flowBody() }))
    .on('DELETE', `/integrations/flows/${FLOW_ID}`, () => {
      return { status: 204 };
    });
  return fetchMock;
}

export function completeOnServer(status: FlowStatus): void {
  flowStatus = status;
  if (status === 'connected') slackStatus = 'connected';
}

/** Another tab or admin disconnected Slack; this page still shows it connected until it refreshes. */
export function disconnectedElsewhere(): void {
  slackStatus = 'disconnected';
}

/** Another browser connected Slack meanwhile; this page still shows Connect. */
export function connectedElsewhere(): void {
  slackStatus = 'connected';
}

export function button(view: VueWrapper, text: string) {
  const found = view.findAll('button').find((candidate) => candidate.text() === text);
  if (!found) throw new Error(`No button "${text}" in: ${view.text()}`);
  return found;
}

export function hasButton(view: VueWrapper, text: string): boolean {
  return view.findAll('button').some((candidate) => candidate.text() === text);
}

export function badgeText(view: VueWrapper): string | null {
  const badge = view.find('.header-status .badge');
  return badge.exists() ? badge.text() : null;
}

/** Clicks Connect with a popup that opens fine, and lets the POST land. */
export async function connectWithPopup(view: VueWrapper): Promise<FakePopup> {
  const popup = fakePopup();
  jest.spyOn(window, 'open').mockReturnValue(popup as unknown as Window);
  await button(view, 'Connect').trigger('click');
  await settle();
  return popup;
}

export function postFromPopup(data: unknown, init: { origin?: string; source?: unknown } = {}): void {
  const event = new MessageEvent('message', { data, origin: init.origin ?? window.location.origin });
  Object.defineProperty(event, 'source', { value: init.source ?? null });
  window.dispatchEvent(event);
}
