import type { ServerResponse } from 'node:http';
import type { ProviderContext } from './request-context';

export const FAULT_ENDPOINTS = ['token', 'revoke', 'me'] as const;
export const FAULT_MODES = ['ok', 'down', 'hang'] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];
export type FaultMode = (typeof FAULT_MODES)[number];

/** Simulated outages per provider endpoint, switched on by tests through /control/faults. */
export class FaultRegistry {
  private readonly modes = new Map<string, FaultMode>();

  set(providerKey: string, endpoint: FaultEndpoint, mode: FaultMode): void {
    if (mode === 'ok') this.modes.delete(`${providerKey}:${endpoint}`);
    else this.modes.set(`${providerKey}:${endpoint}`, mode);
  }

  get(providerKey: string, endpoint: FaultEndpoint): FaultMode {
    return this.modes.get(`${providerKey}:${endpoint}`) ?? 'ok';
  }

  clear(): void {
    this.modes.clear();
  }
}

/**
 * Answers for the endpoint when a fault is active and returns true. A hanging request is simply never
 * answered; close() destroys its socket.
 */
export function interceptFault(ctx: ProviderContext, endpoint: FaultEndpoint, sendDown: (res: ServerResponse) => void): boolean {
  const mode = ctx.app.store.faults.get(ctx.providerKey, endpoint);
  switch (mode) {
    case 'ok':
      return false;
    case 'down':
      sendDown(ctx.res);
      return true;
    case 'hang':
      return true;
  }
}
