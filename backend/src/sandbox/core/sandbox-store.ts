import { EventLog } from './event-log';
import { FacebookData } from '../facebook/facebook-data';
import { FaultRegistry } from './fault-registry';
import { randomToken } from './secrets';
import { TokenStore } from '../oauth/token-store';

/** An authorization request waiting for the user's decision on the consent page. */
export interface PendingAuthorization {
  readonly id: string;
  readonly providerKey: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: readonly string[];
  readonly state: string | null;
  readonly codeChallenge: string | null;
  readonly expiresAt: number;
}

const PENDING_TTL_MS = 10 * 60_000;

/** All state of one running sandbox; process memory is enough for a development aid that runs once. */
export class SandboxStore {
  readonly tokens = new TokenStore();
  readonly log = new EventLog();
  readonly faults = new FaultRegistry();
  readonly facebook = new FacebookData();
  private readonly pending = new Map<string, PendingAuthorization>();

  createAuthorizationRequest(request: Omit<PendingAuthorization, 'id' | 'expiresAt'>): PendingAuthorization {
    this.dropExpiredRequests();
    const pending = { ...request, id: randomToken(''), expiresAt: Date.now() + PENDING_TTL_MS };
    this.pending.set(pending.id, pending);
    return pending;
  }

  /** Single use: the request is gone after this call, whatever the decision. */
  takeAuthorizationRequest(id: string): PendingAuthorization | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    return pending && pending.expiresAt > Date.now() ? pending : undefined;
  }

  /** Clears what tests observe or switch; issued tokens and leads stay valid. */
  reset(): void {
    this.log.clear();
    this.faults.clear();
    this.facebook.refusals.clear();
  }

  private dropExpiredRequests(): void {
    const now = Date.now();
    for (const [id, pending] of this.pending) {
      if (pending.expiresAt <= now) this.pending.delete(id);
    }
  }
}
