// Fault state lives apart from interceptFault so the store can own it without importing the request
// types that themselves name the store.
// `refresh` is the token endpoint's refresh_token grant alone, so a test can break refreshes but not connects.
export const FAULT_ENDPOINTS = ['token', 'revoke', 'me', 'api', 'refresh'] as const;
/**
 * `down` answers 503, `hang` never answers; `hold` parks each request until the endpoint is switched to
 * another mode, which then answers it — a provider exactly as slow as a test needs, without timers.
 * `invalid_grant` (refresh only) refuses every refresh as a provider does once the user revoked the app.
 */
export const FAULT_MODES = ['ok', 'down', 'hang', 'hold', 'invalid_grant'] as const;
/** What the refresh grant can simulate; hanging it would only repeat what `token` already covers. */
export const REFRESH_FAULT_MODES: readonly FaultMode[] = ['ok', 'down', 'invalid_grant'];
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];
export type FaultMode = (typeof FAULT_MODES)[number];

/** Simulated outages per provider endpoint, switched on by tests through /control/faults. */
export class FaultRegistry {
  private readonly modes = new Map<string, FaultMode>();
  private readonly held = new Map<string, (() => void)[]>();

  set(providerKey: string, endpoint: FaultEndpoint, mode: FaultMode): void {
    const key = `${providerKey}:${endpoint}`;
    if (mode === 'ok') this.modes.delete(key);
    else this.modes.set(key, mode);
    if (mode !== 'hold') this.release(key);
  }

  get(providerKey: string, endpoint: FaultEndpoint): FaultMode {
    return this.modes.get(`${providerKey}:${endpoint}`) ?? 'ok';
  }

  /** Resolves when the endpoint stops being held. */
  whenReleased(providerKey: string, endpoint: FaultEndpoint): Promise<void> {
    const key = `${providerKey}:${endpoint}`;
    if (this.modes.get(key) !== 'hold') return Promise.resolve();
    return new Promise((resolve) => this.held.set(key, [...(this.held.get(key) ?? []), resolve]));
  }

  /** How many requests each held endpoint is parking, keyed `<providerKey>:<endpoint>`. */
  heldCounts(): Record<string, number> {
    return Object.fromEntries([...this.held].map(([key, waiting]) => [key, waiting.length]));
  }

  clear(): void {
    this.modes.clear();
    for (const key of [...this.held.keys()]) this.release(key);
  }

  private release(key: string): void {
    const waiting = this.held.get(key) ?? [];
    this.held.delete(key);
    for (const resume of waiting) resume();
  }
}
