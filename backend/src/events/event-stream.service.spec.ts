import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoggedEvent } from './entities/event.entity';
import { EventStreamService } from './event-stream.service';
import { EventType } from './event-type.enum';
import type { EventPage, EventQuery, EventsService } from './events.service';

/** The log in memory, with a way to hold a catch-up read back. */
class FakeLog {
  readonly events: LoggedEvent[] = [];
  catchUpGate: Promise<void> | null = null;

  append(accountId: string): LoggedEvent {
    const event = Object.assign(new LoggedEvent(), {
      id: String(this.events.length + 1),
      type: EventType.LeadReceived,
      accountId,
      occurredAt: new Date(),
      data: '{}',
    });
    this.events.push(event);
    return event;
  }

  asService(): EventsService {
    const after = (id: string) => this.events.filter((event) => BigInt(event.id) > BigInt(id));
    // Only the three reads the stream service makes.
    const fake: Pick<EventsService, 'lastId' | 'readAll' | 'list'> = {
      lastId: async () => String(this.events.length),
      readAll: async (from: string, limit: number) => after(from).slice(0, limit),
      list: async (query: EventQuery): Promise<EventPage> => {
        const horizon = String(this.events.length);
        await this.catchUpGate;
        const events = after(query.after ?? '0')
          .filter((event) => event.accountId === query.accountId && BigInt(event.id) <= BigInt(horizon))
          .slice(0, query.limit);
        return { events, lastEventId: horizon };
      },
    };
    return fake as EventsService;
  }
}

/** Collects what a stream receives; `until(n)` resolves once it has n events. */
function receiver() {
  const ids: string[] = [];
  let waiting: { count: number; resolve: () => void } | null = null;
  return {
    ids,
    deliver: (events: LoggedEvent[]) => {
      ids.push(...events.map((event) => event.id));
      if (waiting && ids.length >= waiting.count) waiting.resolve();
    },
    until: (count: number) =>
      new Promise<void>((resolve) => {
        if (ids.length >= count) resolve();
        else waiting = { count, resolve };
      }),
  };
}

describe(EventStreamService.name, () => {
  const start = (log: FakeLog) => new EventStreamService(log.asService(), { pollMs: 20, heartbeatMs: 1000 });

  it('resumes after Last-Event-ID with the account’s events only, then goes live', async () => {
    const log = new FakeLog();
    log.append('a');
    log.append('a');
    log.append('b');
    const stream = start(log);
    const browser = receiver();
    const stop = await stream.subscribe('a', '1', browser.deliver);
    log.append('b');
    log.append('a');
    await browser.until(2);
    stop();
    stream.onApplicationShutdown();

    assert.deepEqual(browser.ids, ['2', '5']);
  });

  it('hands an event the tail reads during a catch-up on once, after the caught-up ones', async () => {
    const log = new FakeLog();
    log.append('a');
    const stream = start(log);
    const live = receiver();
    const stopLive = await stream.subscribe('a', undefined, live.deliver);

    let release!: () => void;
    log.catchUpGate = new Promise((resolve) => (release = resolve));
    const resuming = receiver();
    const subscribed = stream.subscribe('a', '0', resuming.deliver);
    log.append('a');
    await live.until(1);
    release();
    const stopResuming = await subscribed;
    log.append('a');
    await resuming.until(3);
    stopLive();
    stopResuming();
    stream.onApplicationShutdown();

    assert.deepEqual(live.ids, ['2', '3'], 'a stream without Last-Event-ID starts at the end of the log');
    assert.deepEqual(resuming.ids, ['1', '2', '3']);
  });

  it('forgets every stream that closes', async () => {
    const log = new FakeLog();
    const stream = start(log);
    const stops = await Promise.all([stream.subscribe('a', undefined, () => {}), stream.subscribe('b', undefined, () => {})]);
    assert.equal(stream.subscriberCount, 2);
    for (const stop of stops) stop();
    assert.equal(stream.subscriberCount, 0);
    stream.onApplicationShutdown();
  });
});
