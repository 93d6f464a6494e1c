import type { AuditActor } from '../../audit/audit.service';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import type { AuthUser } from '../../auth/auth-user';
import { IntegrationError, IntegrationException } from '../integration.exception';

/** Who to name in the audit log: the person, or the API key by its name (never its secret). */
export function callerActor(caller: AuthUser): AuditActor {
  return caller.kind === 'user' ? { userId: caller.id, name: caller.name } : { userId: null, name: `API key "${caller.name}"` };
}

/**
 * A `reauth_required` refusal, worded with the reason recorded when the connection lost its grant, so a
 * service's log says why (and that an administrator must reconnect) without a second call.
 */
export async function withReauthReason<T>(
  audit: AuditService,
  accountId: string,
  key: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof IntegrationException) || error.code !== IntegrationError.ReauthRequired) throw error;
    const events = await audit.listForIntegration(accountId, key, 20);
    const reason = events.find((event) => event.type === AuditEventType.ReauthRequired)?.detail;
    throw new IntegrationException(
      IntegrationError.ReauthRequired,
      `An administrator must reconnect this integration${reason ? `: ${reason}` : '.'}`,
    );
  }
}
