import type { VueWrapper } from '@vue/test-utils';
import type { ConnectionHealthResponse, FlowResponse } from '../../api/schema';
import { mountApp } from '../../test-support/app';
import type { FetchMock } from '../../test-support/fetchMock';
import { catalogFixture, detail } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';
import { button, fakePopup, FLOW_ID, hasButton, postFromPopup, setUpSlackConnect } from '../../test-support/slackConnect';

jest.mock('../../lib/browser', () => ({ redirectTo: jest.fn(), closeCurrentWindow: jest.fn() }));

const MISMATCH =
  'You signed in as Someone Else; this integration is connected as Aurora Workspace. Sign in as Aurora Workspace, or disconnect first to switch accounts.';

/** Slack's bot token is not renewed automatically; a week before it dies the health says so. */
const expiring: ConnectionHealthResponse = {
  state: 'degraded',
  checkedAt: '2025-01-15T10:30:00.000Z',
  lastError: 'The access token expires on 2025-01-20 and this provider issues no refresh token: reconnect before then.',
  tokenExpiresAt: '2025-01-20T10:30:00.000Z',
  autoRefresh: false,
};

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;
let flow: FlowResponse;

beforeEach(() => {
  fetchMock = setUpSlackConnect();
  flow = { flowId: FLOW_ID, integration: 'slack', status: 'pending' };
  fetchMock
    .on('GET', '/integrations', () => ({
      body: catalogFixture.map((entry) => (entry.key === 'slack' ? { ...entry, status: 'connected', health: expiring } : entry)),
    }))
    .on('GET', '/integrations/slack', () => ({ body: { ...detail('slack', 'connected'), health: expiring } }))
    .on('GET', `/integrations/flows/${FLOW_ID}`, () => ({ body: flow }));
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  jest.useRealTimers();
});

async function openSlack(): Promise<VueWrapper> {
  wrapper = (await mountApp('/integrations/slack')).wrapper;
  return wrapper;
}

/** The Reconnect button inside one part of the page (the header, or the health panel). */
function reconnectIn(view: VueWrapper, selector: string) {
  const found = view
    .find(selector)
    .findAll('button')
    .find((candidate) => candidate.text() === 'Reconnect');
  if (!found) throw new Error(`No Reconnect in ${selector}: ${view.text()}`);
  return found;
}

const connectBodies = () => fetchMock.callsTo('POST', '/integrations/slack/connect').map((call) => call.body);

describe('Reconnect a connected integration', () => {
  it('offers Reconnect for an expiring token nothing renews, in the header and the health warning', async () => {
    const view = await openSlack();
    expect(hasButton(view, 'Connect')).toBe(false);
    expect(view.findAll('button').filter((b) => b.text() === 'Reconnect')).toHaveLength(2);
    expect(view.find('.health').text()).toContain('reconnect before then');
  });

  it('does not offer Reconnect while the connection is healthy', async () => {
    fetchMock.on('GET', '/integrations/slack', () => ({ body: detail('slack', 'connected') }));
    const view = await openSlack();
    expect(hasButton(view, 'Reconnect')).toBe(false);
    expect(hasButton(view, 'Disconnect')).toBe(true);
  });

  it('asks the server for a reconnect flow and opens it in the popup', async () => {
    const view = await openSlack();
    const popup = fakePopup();
    jest.spyOn(window, 'open').mockReturnValue(popup as unknown as Window);

    await reconnectIn(view, '.health').trigger('click');
    await settle();

    expect(connectBodies()).toEqual([{ reconnect: true }]);
    expect(popup.location.href).toContain('/oauth/slack/authorize');
  });

  it('says who signed in when the reconnect came back as another account', async () => {
    const view = await openSlack();
    const popup = fakePopup();
    jest.spyOn(window, 'open').mockReturnValue(popup as unknown as Window);
    await reconnectIn(view, '.header__actions').trigger('click');
    await settle();

    flow = { ...flow, status: 'failed', error: 'account_mismatch', message: MISMATCH };
    postFromPopup({ type: 'aurora:oauth', flowId: FLOW_ID, status: 'failed' }, { source: popup });
    await settle();
    await settle();

    expect(view.text()).toContain(MISMATCH);
    expect(view.text()).not.toContain('The provider is unavailable');
  });

  it('continues a blocked reconnect in this tab as a reconnect', async () => {
    const view = await openSlack();
    jest.spyOn(window, 'open').mockReturnValue(null);
    await reconnectIn(view, '.header__actions').trigger('click');
    await settle();

    await button(view, 'Continue in this tab').trigger('click');
    await settle();

    expect(connectBodies()).toEqual([{ reconnect: true }]);
  });
});
