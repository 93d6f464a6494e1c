import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditActor, AuditService } from '../../audit/audit.service';
import { RequestOrigin } from '../../common/request-origin.decorator';
import { inRetriedTransaction } from '../../common/transactions';
import { EventType } from '../../events/event-type.enum';
import { EventsService } from '../../events/events.service';
import { Connection, HealthState } from './connection.entity';

export interface HealthReport {
  state: HealthState;
  /** Why it is not healthy, in words an admin can act on. Never a token or a provider URL with one. */
  reason?: string;
}

export interface ReportContext {
  actor?: AuditActor;
  origin?: RequestOrigin;
}

/**
 * The one writer of `connection.health` (DESIGN §11). Anything that uses a connection's token and learns
 * that it works, fails for now, or is dead reports it here: each change of state is an event
 * (`connection.health_changed`, plus `connection.reauth_required` when the grant is dead) and an audit
 * entry, committed with the new state. Reporting the same state again only refreshes the check time.
 */
@Injectable()
export class ConnectionHealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly audit: AuditService,
  ) {}

  /** The new state, or null when the account has no such connection. */
  report(
    accountId: string,
    integrationKey: string,
    report: HealthReport,
    context: ReportContext = {},
  ): Promise<HealthState | null> {
    return inRetriedTransaction(this.dataSource, async (manager) => {
      const repository = manager.getRepository(Connection);
      const current = await repository.findOne({
        where: { accountId, integrationKey },
        select: { id: true, status: true, healthState: true },
        ...(this.dataSource.options.type === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      if (!current) return null;
      const now = new Date();
      // A dead grant comes back only through a reconnect; a late "healthy" from a request that started
      // before it died must not hide it.
      if (current.status === 'reauth_required' && report.state !== 'reauth_required') {
        await repository.update({ id: current.id }, { healthCheckedAt: now });
        return 'reauth_required';
      }
      const reason =
        report.state === 'healthy' ? null : (report.reason ?? 'The provider did not accept the request.').slice(0, 500);
      await repository.update(
        { id: current.id },
        {
          healthState: report.state,
          healthReason: reason,
          healthCheckedAt: now,
          ...(report.state === 'reauth_required' ? { status: 'reauth_required' as const, updatedAt: now } : {}),
        },
      );
      const previousState = current.status === 'reauth_required' ? 'reauth_required' : current.healthState;
      if (previousState === report.state) return report.state;
      const data = { integrationKey, connectionId: current.id, state: report.state, previousState, reason };
      const changed = { type: EventType.ConnectionHealthChanged, accountId, data };
      const dead =
        report.state === 'reauth_required'
          ? [{ type: EventType.ConnectionReauthRequired, accountId, data: { integrationKey, connectionId: current.id, reason } }]
          : [];
      await this.audit.record(
        {
          accountId,
          integrationKey,
          type: report.state === 'reauth_required' ? AuditEventType.ReauthRequired : AuditEventType.HealthChanged,
          actor: context.actor,
          origin: context.origin,
          detail: reason ?? 'The connection works again.',
        },
        manager,
      );
      await this.events.append(manager, changed, ...dead);
      return report.state;
    });
  }
}
