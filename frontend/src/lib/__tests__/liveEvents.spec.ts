import { MockEventSource } from '../../test-support/eventSource';
import { LiveEvents, STREAMED_EVENT_TYPES } from '../liveEvents';

beforeEach(() => {
  MockEventSource.install();
  jest.useFakeTimers();
});

afterEach(() => jest.useRealTimers());

function started() {
  const handlers = { onEvent: jest.fn(), onResync: jest.fn() };
  const live = new LiveEvents(handlers);
  live.start();
  return { live, handlers, source: () => MockEventSource.instances.at(-1)! };
}

describe(LiveEvents.name, () => {
  it('hands every streamed event type on as the parsed event', () => {
    const { handlers, source } = started();
    source().accept();
    for (const type of STREAMED_EVENT_TYPES) source().emit(type, { id: '1', type });

    expect(handlers.onEvent.mock.calls.map(([event]) => (event as { type: string }).type)).toEqual(STREAMED_EVENT_TYPES);
  });

  it('ignores a message it cannot read', () => {
    const { handlers, source } = started();
    source().accept();
    source().dispatchRaw('lead.received', 'not json');

    expect(handlers.onEvent).not.toHaveBeenCalled();
  });

  it('leaves dropped connections to EventSource, which resumes with Last-Event-ID by itself', () => {
    const { source } = started();
    source().accept();
    source().onerror?.(new Event('error'));
    jest.advanceTimersByTime(10_000);

    expect(MockEventSource.instances).toHaveLength(1);
  });

  it('opens a new stream after a refusal, and asks for a reload once it is open', () => {
    const { handlers, source } = started();
    source().refuse();
    jest.advanceTimersByTime(2000);

    expect(MockEventSource.instances).toHaveLength(2);
    expect(handlers.onResync).not.toHaveBeenCalled();
    source().accept();
    expect(handlers.onResync).toHaveBeenCalledTimes(1);
  });

  it('waits longer after each refusal in a row, and starts over once a stream opens', () => {
    const { source } = started();
    source().refuse();
    jest.advanceTimersByTime(2000);
    source().refuse();
    jest.advanceTimersByTime(2000);
    expect(MockEventSource.instances).toHaveLength(2);
    jest.advanceTimersByTime(2000);
    expect(MockEventSource.instances).toHaveLength(3);

    source().accept();
    source().refuse();
    jest.advanceTimersByTime(2000);
    expect(MockEventSource.instances).toHaveLength(4);
  });

  it('stays closed once stopped, refusal or not', () => {
    const { live, source } = started();
    live.stop();
    source().refuse();
    jest.advanceTimersByTime(10_000);

    expect(MockEventSource.open).toHaveLength(0);
    expect(MockEventSource.instances).toHaveLength(1);
  });
});
