import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditEvent, AuditEventType } from './audit-event.entity';

export interface AuditActor {
  userId: string | null;
  name: string | null;
}

/** Where a request came from, recorded with each event it causes. */
export interface RequestOrigin {
  ip: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  accountId: string;
  integrationKey: string;
  type: AuditEventType;
  actor?: AuditActor;
  origin?: RequestOrigin;
  detail?: string;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Appends an event; pass the transaction's manager so the event commits with the change it records. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    await repository.insert({
      id: randomUUID(),
      accountId: entry.accountId,
      integrationKey: entry.integrationKey,
      type: entry.type,
      actorUserId: entry.actor?.userId ?? null,
      actorName: entry.actor?.name ?? null,
      ip: entry.origin?.ip?.slice(0, 64) ?? null,
      requestId: entry.origin?.requestId?.slice(0, 64) ?? null,
      detail: entry.detail?.slice(0, 500) ?? null,
      createdAt: new Date(),
    });
  }

  /** Newest first, scoped to one account. */
  listForIntegration(accountId: string, integrationKey: string, limit = 50): Promise<AuditEvent[]> {
    return this.events.find({
      where: { accountId, integrationKey },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
