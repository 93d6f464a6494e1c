import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { inTransaction } from '../common/transactions';
import { EventsService } from '../events/events.service';
import { ConnectionsService } from '../integrations/connections/connections.service';
import { reportConnectionHealth } from './connection-health-report';
import { DeliveryFailure } from './destination-definition';
import { LeadDestination } from './entities/lead-destination.entity';

/**
 * "Last delivered / last error" of a destination, and the connection health it implies: the first error
 * after a success degrades the connection (a dead grant requires reauthorization), the first success after
 * an error makes it healthy again. Only transitions are reported, not every retry.
 */
@Injectable()
export class DestinationStatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly connections: ConnectionsService,
  ) {}

  async delivered(destination: LeadDestination): Promise<void> {
    const now = new Date();
    await inTransaction(this.dataSource, async (manager) => {
      const repo = manager.getRepository(LeadDestination);
      const recovered = await repo.update(
        { id: destination.id, lastError: Not(IsNull()) },
        { lastError: null, lastDeliveredAt: now, updatedAt: now },
      );
      if (!recovered.affected) {
        await repo.update({ id: destination.id }, { lastDeliveredAt: now });
        return;
      }
      await reportConnectionHealth(this.events, manager, destination.accountId, destination.integrationKey, {
        state: 'healthy',
        reason: null,
      });
    });
  }

  async failed(destination: LeadDestination, failure: DeliveryFailure): Promise<void> {
    const now = new Date();
    const message = failure.message.slice(0, 500);
    if (failure.kind === 'reauth') {
      await this.connections.markReauthRequired(destination.accountId, destination.integrationKey, message);
    }
    await inTransaction(this.dataSource, async (manager) => {
      const repo = manager.getRepository(LeadDestination);
      const first = await repo.update({ id: destination.id, lastError: IsNull() }, { lastError: message, lastErrorAt: now });
      if (!first.affected) {
        await repo.update({ id: destination.id }, { lastError: message, lastErrorAt: now });
        return;
      }
      await reportConnectionHealth(this.events, manager, destination.accountId, destination.integrationKey, {
        state: failure.kind === 'reauth' ? 'reauth_required' : 'degraded',
        reason: message,
      });
    });
  }
}
