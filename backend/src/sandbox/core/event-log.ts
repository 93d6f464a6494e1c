export type SandboxEventType =
  | 'authorize'
  | 'consent_denied'
  | 'token_grant'
  | 'token_refresh'
  | 'token_rejected'
  | 'revocation'
  | 'api_call'
  | 'tokens_expired'
  | 'slack_message'
  | 'sheet_row'
  | 'refresh_reuse'
  | 'grant_revoked';

export interface SandboxEvent {
  at: string;
  providerKey: string;
  type: SandboxEventType;
  clientId: string;
  detail?: string;
  /** What a provider API received (a Slack message, a sheet row), for tests to read back. */
  data?: Record<string, unknown>;
}

// Bounded so a long demo session or a load test cannot grow memory without limit.
const MAX_EVENTS = 1000;

/** What the sandbox saw, so tests can assert what the app actually did at the provider. */
export class EventLog {
  private events: SandboxEvent[] = [];

  add(event: Omit<SandboxEvent, 'at'>): void {
    this.events.push({ at: new Date().toISOString(), ...event });
    if (this.events.length > MAX_EVENTS) this.events.shift();
  }

  list(): readonly SandboxEvent[] {
    return this.events;
  }

  clear(): void {
    this.events = [];
  }
}
