import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditEvent, AuditEventType } from './audit-event.entity';
import type { RequestOrigin } from '../common/request-origin.decorator';

export interface AuditActor {
  userId: string | null;
  name: string | null;
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

  /** Appends one event to the integration's activity log. */
  /** Appends an entry; pass the transaction's manager so it commits with the change it records. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(AuditEvent) : this.events).insert({
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
