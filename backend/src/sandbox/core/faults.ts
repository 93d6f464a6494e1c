import type { ServerResponse } from 'node:http';
import type { FaultEndpoint } from './fault-registry';
import type { ProviderRequestContext } from './request-context';

/**
 * Answers for the endpoint when a fault is active and returns true. A hanging request is simply never
 * answered; close() destroys its socket. A held one waits, then gets whatever the new mode says.
 */
export async function interceptFault(
  ctx: ProviderRequestContext,
  endpoint: FaultEndpoint,
  sendDown: (res: ServerResponse) => void,
): Promise<boolean> {
  const { faults } = ctx.app.store;
  let mode = faults.get(ctx.providerKey, endpoint);
  while (mode === 'hold') {
    await faults.whenReleased(ctx.providerKey, endpoint);
    mode = faults.get(ctx.providerKey, endpoint);
  }
  switch (mode) {
    case 'ok':
      return false;
    case 'down':
      sendDown(ctx.res);
      return true;
    case 'hang':
      return true;
    case 'invalid_grant':
      // Only the refresh grant answers this mode, inside the token endpoint (oauth-token.ts).
      return false;
  }
}
