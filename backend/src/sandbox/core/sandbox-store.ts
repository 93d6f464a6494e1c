import { ApiErrorScript } from './api-errors';
import { EventLog } from './event-log';
import { defaultAppSettings, FacebookData } from '../facebook/facebook-data';
import { FaultRegistry } from './fault-registry';
import { PersistentState } from './persistence';
import { randomToken } from './secrets';
import { GoogleData } from '../google/google-data';
import { SlackData } from '../slack/slack-data';
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
  /** `auth_type=rerequest` (Facebook): the dialog asks again for permissions the user declined. */
  readonly rerequest: boolean;
  readonly expiresAt: number;
}

const PENDING_TTL_MS = 10 * 60_000;
// Enough to recognise Back to any recent consent page; bounded so a long session cannot grow it without limit.
const MAX_ANSWERED = 1000;

/**
 * All state of one running sandbox. In memory; `persistent` lists what `npm start` keeps in DATA_DIR across
 * restarts (see persistence.ts), so a connected demo stays connected.
 */
export class SandboxStore {
  readonly tokens = new TokenStore();
  readonly log = new EventLog();
  readonly faults = new FaultRegistry();
  readonly facebook = new FacebookData();
  readonly slack = new SlackData();
  readonly google = new GoogleData();
  readonly apiErrors = new ApiErrorScript();
  private readonly pending = new Map<string, PendingAuthorization>();
  /** `clientId state` of answered requests: the browser's Back reloads their authorize URL. */
  private readonly answered = new Set<string>();
  readonly persistent = new PersistentState();

  constructor() {
    this.persistent.register('tokens', this.tokens);
    this.persistent.register('facebook', this.facebook);
    this.persistent.register('slack', this.slack);
    this.persistent.register('google', this.google);
    this.persistent.register('authorization-requests', {
      toJSON: () => [...this.pending.values()],
      restore: (data) => {
        this.pending.clear();
        for (const request of data as PendingAuthorization[]) this.pending.set(request.id, request);
      },
    });
  }

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
    if (pending?.state) {
      this.answered.add(`${pending.clientId} ${pending.state}`);
      if (this.answered.size > MAX_ANSWERED) this.answered.delete(this.answered.values().next().value as string);
    }
    return pending && pending.expiresAt > Date.now() ? pending : undefined;
  }

  /** Whether a consent with this client and state was already answered (the app's state is single use). */
  wasAnswered(clientId: string, state: string): boolean {
    return this.answered.has(`${clientId} ${state}`);
  }

  /** Clears what tests observe or switch; issued tokens and leads stay valid. */
  reset(): void {
    this.log.clear();
    this.faults.clear();
    Object.assign(this.facebook.settings, defaultAppSettings());
    this.apiErrors.clear();
    this.facebook.refusals.clear();
  }

  private dropExpiredRequests(): void {
    const now = Date.now();
    for (const [id, pending] of this.pending) {
      if (pending.expiresAt <= now) this.pending.delete(id);
    }
  }
}
