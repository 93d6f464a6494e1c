import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EventStreamSettings, eventStreamConfig } from './event-stream.config';
import { LoggedEvent } from './entities/event.entity';
import { EventsService } from './events.service';

/** One browser stream: an account, how far it has got, and where its events go. */
interface Subscriber {
  accountId: string;
  cursor: bigint;
  /** Receives events in order, a batch at a time (one write per stream per read of the log). */
  deliver: (events: LoggedEvent[]) => void;
  /** Live events that arrive while the stream is still catching up from `Last-Event-ID`. */
  held: LoggedEvent[] | null;
}

const TAIL_BATCH = 500;
const CATCH_UP_PAGE = 500;

/**
 * Feeds the browser streams of this instance from the event log (DESIGN §12). One tail per instance
 * reads new rows every `pollMs` and hands each to the streams of its account, so a hundred open tabs
 * cost one query, not a hundred, and every instance sees every commit without a broker. The tail only
 * runs while someone listens.
 */
@Injectable()
export class EventStreamService implements OnApplicationShutdown {
  private readonly logger = new Logger(EventStreamService.name);
  private readonly subscribers = new Set<Subscriber>();
  /** The last id the tail has read; null while nobody listens. */
  private position: bigint | null = null;
  /** Bumped whenever the tail stops, so a read still under way from before is dropped. */
  private generation = 0;
  private starting: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly events: EventsService,
    @Inject(eventStreamConfig.KEY) private readonly settings: EventStreamSettings,
  ) {}

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Streams the account's events to `deliver`, in order and each once: first those after `lastEventId`
   * (a reconnecting browser), then live ones. Without `lastEventId` it starts at the log's end.
   * Answers the function that ends the subscription.
   */
  async subscribe(accountId: string, lastEventId: string | undefined, deliver: Subscriber['deliver']): Promise<() => void> {
    const subscriber: Subscriber = { accountId, cursor: 0n, deliver, held: [] };
    this.subscribers.add(subscriber);
    const unsubscribe = () => this.unsubscribe(subscriber);
    try {
      await this.startTail();
      if (lastEventId === undefined) subscriber.cursor = BigInt(await this.events.lastId());
      else await this.catchUp(subscriber, lastEventId);
    } catch (error) {
      unsubscribe();
      throw error;
    }
    const held = subscriber.held ?? [];
    subscriber.held = null;
    this.offer(subscriber, held);
    return unsubscribe;
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async catchUp(subscriber: Subscriber, lastEventId: string): Promise<void> {
    let after = lastEventId;
    for (;;) {
      const page = await this.events.list({ accountId: subscriber.accountId, after, limit: CATCH_UP_PAGE });
      this.deliverNew(subscriber, page.events);
      after = page.lastEventId;
      if (page.events.length < CATCH_UP_PAGE) break;
    }
    if (BigInt(after) > subscriber.cursor) subscriber.cursor = BigInt(after);
  }

  private offer(subscriber: Subscriber, events: LoggedEvent[]): void {
    const own = events.filter((event) => event.accountId === subscriber.accountId);
    if (own.length === 0) return;
    if (subscriber.held) subscriber.held.push(...own);
    else this.deliverNew(subscriber, own);
  }

  /** Events are in id order; those the stream already had (a catch-up overlapping the tail) are skipped. */
  private deliverNew(subscriber: Subscriber, events: LoggedEvent[]): void {
    const fresh = events.filter((event) => BigInt(event.id) > subscriber.cursor);
    if (fresh.length === 0) return;
    subscriber.cursor = BigInt(fresh[fresh.length - 1].id);
    subscriber.deliver(fresh);
  }

  private unsubscribe(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size > 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.position = null;
    this.generation++;
  }

  private startTail(): Promise<void> {
    if (this.position !== null) return Promise.resolve();
    this.starting ??= this.events
      .lastId()
      .then((last) => {
        if (this.subscribers.size === 0) return;
        this.position = BigInt(last);
        this.schedule();
      })
      .finally(() => (this.starting = null));
    return this.starting;
  }

  private schedule(delay = this.settings.pollMs): void {
    if (this.stopped || this.position === null) return;
    this.timer = setTimeout(() => void this.poll(), delay);
  }

  private async poll(): Promise<void> {
    const from = this.position;
    const generation = this.generation;
    if (from === null) return;
    let read = 0;
    try {
      const batch = await this.events.readAll(String(from), TAIL_BATCH);
      // Everyone left (and perhaps someone came back) while the read was under way.
      if (this.generation !== generation) return;
      for (const subscriber of this.subscribers) this.offer(subscriber, batch);
      read = batch.length;
      if (read > 0) this.position = BigInt(batch[read - 1].id);
    } catch (error) {
      if (this.generation !== generation) return;
      this.logger.warn(`Reading the event log for browser streams failed: ${(error as Error).message}`);
    }
    // A full batch means more is waiting: read on at once instead of a poll interval later.
    this.schedule(read === TAIL_BATCH ? 0 : undefined);
  }
}
