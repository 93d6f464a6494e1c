/**
 * In-memory BroadcastChannel for jsdom (which has none). Like the real one, a message reaches every
 * other open channel with the same name, asynchronously, and never the sender itself.
 */
export class MockBroadcastChannel {
  static readonly open = new Set<MockBroadcastChannel>();
  static readonly sent: Array<{ name: string; data: unknown }> = [];

  onmessage: ((event: MessageEvent) => void) | null = null;
  private closed = false;

  constructor(readonly name: string) {
    MockBroadcastChannel.open.add(this);
  }

  postMessage(data: unknown): void {
    if (this.closed) throw new Error('BroadcastChannel is closed');
    MockBroadcastChannel.sent.push({ name: this.name, data });
    MockBroadcastChannel.deliver(this.name, data, this);
  }

  close(): void {
    this.closed = true;
    MockBroadcastChannel.open.delete(this);
  }

  /** A message from another browsing context (another tab, the OAuth popup). */
  static emit(name: string, data: unknown): void {
    MockBroadcastChannel.deliver(name, data, null);
  }

  static listeners(name: string): number {
    return Array.from(MockBroadcastChannel.open).filter((channel) => channel.name === name).length;
  }

  static install(): void {
    MockBroadcastChannel.open.clear();
    MockBroadcastChannel.sent.length = 0;
    Object.defineProperty(globalThis, 'BroadcastChannel', {
      value: MockBroadcastChannel,
      configurable: true,
      writable: true,
    });
  }

  private static deliver(name: string, data: unknown, sender: MockBroadcastChannel | null): void {
    const receivers = Array.from(MockBroadcastChannel.open).filter((channel) => channel.name === name && channel !== sender);
    void Promise.resolve().then(() => {
      for (const channel of receivers) {
        if (!channel.closed) channel.onmessage?.(new MessageEvent('message', { data }));
      }
    });
  }
}
