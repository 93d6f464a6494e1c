import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxConfig } from './sandbox-config';
import type { SandboxStore } from './sandbox-store';

/** Shared by every request of one running sandbox. */
export interface SandboxApp {
  readonly config: SandboxConfig;
  readonly store: SandboxStore;
  /** Origin the sandbox listens on, used for absolute URLs such as Graph paging links. */
  readonly baseUrl: string;
  /** Aborted by close() so outgoing webhook deliveries do not outlive the sandbox. */
  readonly shutdown: AbortSignal;
}

export interface RequestContext {
  readonly app: SandboxApp;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
}

/** A request under `/<providerKey>/…`. */
export interface ProviderRequestContext extends RequestContext {
  readonly providerKey: string;
  readonly providerName: string;
}
