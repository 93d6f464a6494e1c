import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { errorReply, installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { fakePopup, FLOW_ID } from '../../test-support/slackConnect';
import { POLL_INTERVAL_MS, watchFlow } from '../oauthPopup';

const flowPath = `/integrations/flows/${FLOW_ID}`;
const inTenMinutes = () => new Date(Date.now() + 600_000).toISOString();

let fetchMock: FetchMock;

beforeEach(() => {
  jest.useFakeTimers();
  MockBroadcastChannel.install();
  jest.spyOn(document, 'hasFocus').mockReturnValue(true);
  fetchMock = installFetchMock().on('GET', flowPath, { body: { flowId: FLOW_ID, integration: 'slack', status: 'pending' } });
});

afterEach(() => jest.useRealTimers());

function watch(signal = new AbortController().signal, expiresAt = inTenMinutes()) {
  const popup = fakePopup();
  return { popup, outcome: watchFlow(FLOW_ID, popup as unknown as Window, { signal, expiresAt }) };
}

describe(watchFlow.name, () => {
  it('ends every timer and listener with its signal, and leaves the popup alone', async () => {
    const controller = new AbortController();
    const { popup, outcome } = watch(controller.signal);
    expect(MockBroadcastChannel.listeners('aurora-oauth')).toBe(1);
    expect(jest.getTimerCount()).toBeGreaterThan(0);

    controller.abort();

    await expect(outcome).resolves.toEqual({ kind: 'stopped' });
    expect(jest.getTimerCount()).toBe(0);
    expect(MockBroadcastChannel.listeners('aurora-oauth')).toBe(0);
    expect(popup.close).not.toHaveBeenCalled();
  });

  it('reports a refusal to say (the session ended) and closes the popup', async () => {
    fetchMock.on('GET', flowPath, errorReply(401, 'unauthorized'));
    const { popup, outcome } = watch();

    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);

    await expect(outcome).resolves.toMatchObject({ kind: 'refused', error: { code: 'unauthorized' } });
    expect(popup.close).toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('cancels a flow that ran out of time, unless it connected at the last moment', async () => {
    fetchMock.on('DELETE', flowPath, () => {
      fetchMock.on('GET', flowPath, { body: { flowId: FLOW_ID, integration: 'slack', status: 'connected' } });
      return errorReply(409, 'flow_not_pending');
    });
    const { outcome } = watch(undefined, new Date(Date.now() + 5_000).toISOString());

    await jest.advanceTimersByTimeAsync(6_000);

    await expect(outcome).resolves.toEqual({ kind: 'finished', status: 'connected' });
    expect(fetchMock.callsTo('DELETE', flowPath)).toHaveLength(1);
  });
});
