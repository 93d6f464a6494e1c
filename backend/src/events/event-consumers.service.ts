import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { insertOrElse } from '../common/database-errors';
import { inTransaction } from '../common/transactions';
import { EventCursor } from './entities/event-cursor.entity';
import { LoggedEvent } from './entities/event.entity';
import { EventsService } from './events.service';

/** Handles one batch inside the transaction that also moves the consumer's cursor past it. */
export type BatchHandler = (events: LoggedEvent[], manager: EntityManager) => Promise<void>;

const LEASE_MS = 30_000;

/**
 * Consumers of the event log, each with its own durable cursor (DESIGN §12). A consumer's batch is
 * taken under a lease, so across all instances one worker at a time moves it, in order; the handler's
 * writes and the new cursor commit together, so a crash repeats a batch but never skips or half-applies
 * one. Handlers write rows (an outbox, a delivery list) rather than call out, keeping the transaction short.
 */
@Injectable()
export class EventConsumersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
  ) {}

  /**
   * Starts a consumer at the log's current end, so it sees what happens from now on rather than the whole
   * history; a consumer that already exists keeps its cursor.
   */
  async register(consumer: string, from?: string): Promise<void> {
    const position = from ?? (await this.events.lastId());
    // Registered already: its cursor stays where it is. In a turn of its own: on SQLite a bare insert could
    // land inside another flow's open transaction and fail on a snapshot another instance has moved past.
    await inTransaction(this.dataSource, (manager) =>
      insertOrElse(
        () =>
          manager
            .getRepository(EventCursor)
            .insert({ consumer, position, leaseOwner: null, leaseUntil: null, updatedAt: new Date() }),
        async () => undefined,
      ),
    );
  }

  /** Runs one batch for `consumer`; returns how many events it handled (0 when idle or leased elsewhere). */
  async runBatch(consumer: string, handle: BatchHandler, limit = 100): Promise<number> {
    const owner = await this.takeLease(consumer);
    if (!owner) return 0;
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const cursor = await manager.getRepository(EventCursor).findOneByOrFail({ consumer });
        const batch = await this.events.readAll(cursor.position, limit, manager);
        if (batch.length > 0) await handle(batch, manager);
        const moved = await manager.getRepository(EventCursor).update(
          { consumer, leaseOwner: owner },
          {
            position: batch.length ? batch[batch.length - 1].id : cursor.position,
            leaseOwner: null,
            leaseUntil: null,
            updatedAt: new Date(),
          },
        );
        // The lease expired and someone else took the consumer over: undo this batch, theirs counts.
        if (moved.affected !== 1) throw new LeaseLostError(consumer);
        return batch.length;
      });
    } catch (error) {
      await this.releaseLease(consumer, owner);
      throw error;
    }
  }

  /** Where a consumer stands (null when it was never registered). */
  async position(consumer: string): Promise<string | null> {
    return (await this.dataSource.getRepository(EventCursor).findOneBy({ consumer }))?.position ?? null;
  }

  private async takeLease(consumer: string): Promise<string | null> {
    const owner = randomUUID();
    const now = new Date();
    const result = await this.dataSource
      .createQueryBuilder()
      .update(EventCursor)
      .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS) })
      .where('consumer = :consumer AND (lease_until IS NULL OR lease_until < :now)', { consumer, now })
      .execute();
    return result.affected === 1 ? owner : null;
  }

  private async releaseLease(consumer: string, owner: string): Promise<void> {
    await this.dataSource
      .getRepository(EventCursor)
      .update({ consumer, leaseOwner: owner }, { leaseOwner: null, leaseUntil: null });
  }
}

export class LeaseLostError extends Error {
  constructor(consumer: string) {
    super(`The lease on event consumer ${consumer} expired before its batch committed`);
    this.name = 'LeaseLostError';
  }
}
