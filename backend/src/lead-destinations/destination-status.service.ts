import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { inTransaction } from '../common/transactions';
import { ConnectionHealthService } from '../integrations/connections/connection-health.service';
import { ConnectionsService } from '../integrations/connections/connections.service';
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
    private readonly connections: ConnectionsService,
    private readonly health: ConnectionHealthService,
  ) {}

  async delivered(destination: LeadDestination): Promise<void> {
    const now = new Date();
    const recovered = await inTransaction(this.dataSource, async (manager) => {
      const repo = manager.getRepository(LeadDestination);
      const cleared = await repo.update(
        { id: destination.id, lastError: Not(IsNull()) },
        { lastError: null, lastDeliveredAt: now, updatedAt: now },
      );
      if (!cleared.affected) await repo.update({ id: destination.id }, { lastDeliveredAt: now });
      return Boolean(cleared.affected);
    });
    if (recovered) await this.health.report(destination.accountId, destination.integrationKey, { state: 'healthy' });
  }

  async failed(destination: LeadDestination, failure: DeliveryFailure): Promise<void> {
    const now = new Date();
    const message = failure.message.slice(0, 500);
    const first = await inTransaction(this.dataSource, async (manager) => {
      const repo = manager.getRepository(LeadDestination);
      const firstError = await repo.update({ id: destination.id, lastError: IsNull() }, { lastError: message, lastErrorAt: now });
      if (!firstError.affected) await repo.update({ id: destination.id }, { lastError: message, lastErrorAt: now });
      return Boolean(firstError.affected);
    });
    // A dead grant: markReauthRequired reports it (health, events, audit); anything else degrades once.
    if (failure.kind === 'reauth') {
      await this.connections.markReauthRequired(destination.accountId, destination.integrationKey, message);
    } else if (first) {
      await this.health.report(destination.accountId, destination.integrationKey, { state: 'degraded', reason: message });
    }
  }
}
