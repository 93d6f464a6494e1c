import type { VueWrapper } from '@vue/test-utils';
import { CLOSE_FALLBACK_MS } from '../../composables/useOAuthComplete';
import { closeCurrentWindow } from '../../lib/browser';
import { rememberReturnPath } from '../../lib/returnPaths';
import { mountApp, signInAs } from '../../test-support/app';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { errorReply, installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { adminUser, catalogFixture, detail } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';

jest.mock('../../lib/browser', () => ({ redirectTo: jest.fn(), closeCurrentWindow: jest.fn() }));

let fetchMock: FetchMock;
let wrapper: VueWrapper | null = null;

function setOpener(opener: unknown): void {
  Object.defineProperty(window, 'opener', { value: opener, configurable: true, writable: true });
}

beforeEach(() => {
  jest.useFakeTimers();
  MockBroadcastChannel.install();
  sessionStorage.clear();
  fetchMock = installFetchMock();
  signInAs(fetchMock, adminUser);
  fetchMock.on('GET', '/integrations/flows/f1', {
    body: { flowId: 'f1', integration: 'slack', status: 'connected' },
  });
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  setOpener(null);
  jest.useRealTimers();
});

async function complete(path: string) {
  const mounted = await mountApp(path);
  wrapper = mounted.wrapper;
  return mounted;
}

describe('/oauth/complete', () => {
  it('reports the server status to the opener on the app origin only, then closes', async () => {
    const opener = { closed: false, postMessage: jest.fn() };
    setOpener(opener);

    await complete('/oauth/complete?flow=f1&status=denied');

    expect(opener.postMessage).toHaveBeenCalledTimes(1);
    expect(opener.postMessage).toHaveBeenCalledWith(
      { type: 'aurora:oauth', flowId: 'f1', status: 'connected' },
      window.location.origin,
    );
    expect(MockBroadcastChannel.sent).toContainEqual({
      name: 'aurora-oauth',
      data: { type: 'aurora:oauth', flowId: 'f1', status: 'connected' },
    });
    expect(MockBroadcastChannel.sent).toContainEqual({
      name: 'aurora-integrations',
      data: expect.objectContaining({ type: 'integration-changed', key: 'slack' }),
    });
    expect(closeCurrentWindow).toHaveBeenCalled();
  });

  it('falls back to the status in the address when the server cannot be asked', async () => {
    fetchMock.on('GET', '/integrations/flows/f1', errorReply(401, 'unauthorized'));
    const opener = { closed: false, postMessage: jest.fn() };
    setOpener(opener);

    await complete('/oauth/complete?flow=f1&status=denied');

    expect(opener.postMessage).toHaveBeenCalledWith(
      { type: 'aurora:oauth', flowId: 'f1', status: 'denied' },
      window.location.origin,
    );
  });

  it('still broadcasts without an opener and says the window can be closed if it stays open', async () => {
    setOpener(null);
    const { wrapper: view } = await complete('/oauth/complete?flow=f1');

    expect(MockBroadcastChannel.sent.some((message) => message.name === 'aurora-oauth')).toBe(true);
    expect(view.text()).not.toContain('You can close this window.');

    await jest.advanceTimersByTimeAsync(CLOSE_FALLBACK_MS);

    expect(view.text()).toContain('You can close this window.');
    expect(view.get('a').attributes('href')).toBe('/integrations/slack');
  });

  it("says who signed in when a reconnect came back as another account (the server's sentence)", async () => {
    const message =
      'You signed in as Someone Else; this integration is connected as Aurora Workspace. Sign in as Aurora Workspace, or disconnect first to switch accounts.';
    fetchMock.on('GET', '/integrations/flows/f1', {
      body: { flowId: 'f1', integration: 'slack', status: 'failed', error: 'account_mismatch', message },
    });
    const { wrapper: view } = await complete('/oauth/complete?flow=f1');
    await jest.advanceTimersByTimeAsync(CLOSE_FALLBACK_MS);

    expect(view.text()).toContain(message);
  });

  it('goes back to the integration in the same tab when the flow started there', async () => {
    fetchMock
      .on('GET', '/integrations', { body: catalogFixture })
      .on('GET', '/integrations/slack', { body: detail('slack', 'connected') })
      .on('GET', '/integrations/slack/activity', { body: [] });
    setOpener(null);
    rememberReturnPath('f1', '/integrations/slack');

    const { router, wrapper: view } = await complete('/oauth/complete?flow=f1');
    await settle();

    expect(closeCurrentWindow).not.toHaveBeenCalled();
    expect(router.currentRoute.value.path).toBe('/integrations/slack');
    expect(view.get('.header-status').text()).toBe('Connected');
    expect(view.text()).toContain('Slack is connected.');
    expect(sessionStorage.getItem('aurora:oauth-return:f1')).toBeNull();
  });
});
