/** One Server-Sent Events message as EventSource would dispatch it. */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/**
 * A minimal EventSource over fetch, so API suites can send cookies and `Last-Event-ID` themselves and
 * see comment lines (heartbeats), which EventSource hides.
 */
export class SseClient {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private readonly queue: SseMessage[] = [];
  /** Comment lines seen so far (`: heartbeat`). */
  comments = 0;
  /** The `retry:` the server asked for, once seen. */
  retry: number | undefined;

  private constructor(readonly response: Response) {
    this.reader = response.body!.getReader();
  }

  /** Opens the stream; a refusal is returned as the plain response to inspect. */
  static async open(url: string, headers: Record<string, string>): Promise<SseClient | Response> {
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers } });
    if (response.status !== 200) return response;
    return new SseClient(response);
  }

  /** The next message; null once the server ended the stream. */
  async next(): Promise<SseMessage | null> {
    while (this.queue.length === 0) {
      const { done, value } = await this.reader.read();
      if (done) return null;
      this.buffer += this.decoder.decode(value, { stream: true });
      this.parse();
    }
    return this.queue.shift()!;
  }

  /** Resolves when a comment line arrives. */
  async nextComment(): Promise<void> {
    const seen = this.comments;
    while (this.comments === seen) {
      const { done, value } = await this.reader.read();
      if (done) throw new Error('The stream ended before a comment arrived');
      this.buffer += this.decoder.decode(value, { stream: true });
      this.parse();
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }

  private parse(): void {
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const message: SseMessage = { data: '' };
      let hasData = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments++;
        else if (line.startsWith('id: ')) message.id = line.slice(4);
        else if (line.startsWith('event: ')) message.event = line.slice(7);
        else if (line.startsWith('retry: ')) this.retry = Number(line.slice(7));
        else if (line.startsWith('data: ')) {
          message.data += (hasData ? '\n' : '') + line.slice(6);
          hasData = true;
        }
      }
      if (hasData) this.queue.push(message);
    }
  }
}
