import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * The instance's shutdown state. Once draining: `/health` answers 503 so the load balancer moves
 * traffic away, every response closes its connection so clients reconnect elsewhere, and
 * `signal` aborts so background work and long-lived responses can stop taking new work. The HTTP
 * listener stays open until the requests in flight have been answered; Nest closes it afterwards.
 */
@Injectable()
export class DrainService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly controller = new AbortController();
  private readonly inFlight = new Set<ServerResponse>();
  private idle: (() => void) | undefined;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Aborted when draining begins. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isDraining(): boolean {
    return this.controller.signal.aborted;
  }

  /** Requests received and not yet answered (or abandoned by their client). */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  onApplicationBootstrap(): void {
    // An application context (the CLI) has no HTTP server to drain.
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    server?.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => this.track(res));
  }

  /** Starts draining; safe to call more than once. */
  begin(): void {
    if (this.isDraining) return;
    this.controller.abort();
    for (const res of this.inFlight) closeAfterResponse(res);
    this.logger.log(`Draining: ${this.inFlight.size} request(s) in flight`);
  }

  /** Nest calls this before it closes the listener: everything received so far gets its answer first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.begin();
    if (this.inFlight.size > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    this.logger.log('Drained: every request in flight was answered');
  }

  private track(res: ServerResponse): void {
    this.inFlight.add(res);
    if (this.isDraining) closeAfterResponse(res);
    res.once('close', () => {
      this.inFlight.delete(res);
      if (this.inFlight.size === 0) this.idle?.();
    });
  }
}

/** Keep-alive would let a client reuse this connection after the listener has gone. */
function closeAfterResponse(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}
