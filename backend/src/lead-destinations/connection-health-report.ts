import { EntityManager } from 'typeorm';
import { EventType } from '../events/event-type.enum';
import { EventsService } from '../events/events.service';

export interface HealthReport {
  state: 'healthy' | 'degraded' | 'reauth_required';
  reason: string | null;
}

/**
 * Stands in for ConnectionHealthService.report (issue #13's health work) until it lands: the change is
 * recorded as `connection.health_changed` so services and the browser stream learn of it.
 */
export async function reportConnectionHealth(
  events: EventsService,
  manager: EntityManager | undefined,
  accountId: string,
  integrationKey: string,
  report: HealthReport,
): Promise<void> {
  await events.append(manager, {
    type: EventType.ConnectionHealthChanged,
    accountId,
    data: { integrationKey, state: report.state, reason: report.reason },
  });
}
