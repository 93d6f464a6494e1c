/**
 * In-memory EventSource for jsdom (which has none). Tests play the server: `emit` sends a named event,
 * `refuse` answers the stream with an error status, which closes a real EventSource for good.
 */
export class MockEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static readonly instances: MockEventSource[] = [];

  readyState = MockEventSource.CONNECTING;
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, Set<(event: MessageEvent) => void>>();

  constructor(
    readonly url: string,
    readonly init: EventSourceInit = {},
  ) {
    MockEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (event: MessageEvent) => void, options?: { once?: boolean }): void {
    const wrapped = options?.once
      ? (event: MessageEvent) => {
          this.listeners.get(type)?.delete(wrapped);
          listener(event);
        }
      : listener;
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(wrapped);
  }

  close(): void {
    this.readyState = MockEventSource.CLOSED;
  }

  /** The server accepted the stream. */
  accept(): void {
    this.readyState = MockEventSource.OPEN;
    this.dispatch('open', new MessageEvent('open'));
  }

  emit(type: string, data: unknown, id = '1'): void {
    if (this.readyState !== MockEventSource.OPEN) throw new Error('emit on a stream that is not open');
    this.dispatch(type, new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }));
  }

  /** A message whose data is sent as is, readable or not. */
  dispatchRaw(type: string, data: string): void {
    this.dispatch(type, new MessageEvent(type, { data }));
  }

  refuse(): void {
    this.readyState = MockEventSource.CLOSED;
    this.onerror?.(new Event('error'));
  }

  /** Streams neither closed nor replaced. */
  static get open(): MockEventSource[] {
    return MockEventSource.instances.filter((source) => source.readyState !== MockEventSource.CLOSED);
  }

  static install(): void {
    MockEventSource.instances.length = 0;
    Object.defineProperty(globalThis, 'EventSource', { value: MockEventSource, configurable: true, writable: true });
  }

  private dispatch(type: string, event: MessageEvent): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener(event);
  }
}
