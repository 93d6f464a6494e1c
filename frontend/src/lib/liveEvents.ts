import { API_BASE } from '../api/http';
import type { EventResponse, EventType } from '../api/schema';

export const EVENT_STREAM_URL = `${API_BASE}/events/stream`;

// EventSource only dispatches the named events it listens for; a Record makes a new type a build error here.
const LISTENED: Record<EventType, true> = {
  'connection.connected': true,
  'connection.reconnected': true,
  'connection.disconnected': true,
  'connection.reauth_required': true,
  'connection.health_changed': true,
  'lead.received': true,
  'form_connection.saved': true,
  'form_connection.removed': true,
};
export const STREAMED_EVENT_TYPES = Object.keys(LISTENED) as EventType[];

/**
 * After the server refused the stream (a draining instance, a lost session), try afresh this much later,
 * doubling up to a ceiling while refusals continue, so a signed-out tab does not knock every 2 s.
 */
const REOPEN_AFTER_MS = 2000;
const REOPEN_AT_MOST_MS = 60_000;

export interface LiveEventsHandlers {
  onEvent(event: EventResponse): void;
  /** The stream opened afresh after a refusal: events may have been missed, so reload what is shown. */
  onResync(): void;
}

/**
 * The account's events as they happen (GET /events/stream). A plain class, not a framework: EventSource
 * reconnects by itself after a dropped connection and sends Last-Event-ID, so nothing is missed; only a
 * refusal closes it for good, and then this opens a new one and asks the app to reload instead.
 */
export class LiveEvents {
  private source: EventSource | null = null;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  private reopenDelay = REOPEN_AFTER_MS;

  constructor(private readonly handlers: LiveEventsHandlers) {}

  start(): void {
    if (typeof EventSource === 'undefined' || !this.stopped) return;
    this.stopped = false;
    this.open(false);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.reopenTimer);
    this.source?.close();
    this.source = null;
  }

  private open(resync: boolean): void {
    const source = new EventSource(EVENT_STREAM_URL, { withCredentials: true });
    this.source = source;
    const deliver = (message: MessageEvent<string>) => this.deliver(message);
    for (const type of STREAMED_EVENT_TYPES) source.addEventListener(type, deliver);
    source.addEventListener(
      'open',
      () => {
        this.reopenDelay = REOPEN_AFTER_MS;
        if (resync) this.handlers.onResync();
      },
      { once: true },
    );
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED || this.stopped) return;
      this.reopenTimer = setTimeout(() => this.open(true), this.reopenDelay);
      this.reopenDelay = Math.min(this.reopenDelay * 2, REOPEN_AT_MOST_MS);
    };
  }

  private deliver(message: MessageEvent<string>): void {
    try {
      this.handlers.onEvent(JSON.parse(message.data) as EventResponse);
    } catch {
      // A message this version of the app cannot read changes nothing it shows.
    }
  }
}
