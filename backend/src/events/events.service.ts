import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { committedRead, inTransaction } from '../common/transactions';
import { LoggedEvent } from './entities/event.entity';
import { EventType } from './event-type.enum';

/** What a feature records; the log adds the id and the time. */
export interface NewEvent {
  type: EventType;
  accountId: string;
  data: Record<string, unknown>;
}

export interface EventQuery {
  accountId: string;
  /** Only events with a greater id; `'0'` (or none) reads from the start. */
  after?: string;
  types?: EventType[];
  limit: number;
}

export interface EventPage {
  events: LoggedEvent[];
  /** Where the next read should start: past every event this read covered, matching or not. */
  lastEventId: string;
}

const SEQUENCE = 'events';

/**
 * The append-only event log of DESIGN §12. `append` runs inside the caller's transaction, so an event
 * exists exactly when the change it describes committed.
 */
@Injectable()
export class EventsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends events as the last step of the caller's transaction. The sequence row stays locked until
   * that transaction commits, so ids are handed out in commit order: a reader that saw id N has seen
   * every event below N. Without a transaction the append opens its own.
   */
  async append(manager: EntityManager | undefined, ...events: NewEvent[]): Promise<LoggedEvent[]> {
    if (events.length === 0) return [];
    if (!manager?.queryRunner?.isTransactionActive) {
      return inTransaction(this.dataSource, (own) => this.append(own, ...events));
    }
    await manager.query(`UPDATE event_sequence SET last_id = last_id + ? WHERE name = ?`, [events.length, SEQUENCE]);
    const last = BigInt(await this.lastId(manager));
    const now = new Date();
    const rows = events.map((event, index) =>
      manager.create(LoggedEvent, {
        id: String(last - BigInt(events.length - 1 - index)),
        type: event.type,
        accountId: event.accountId,
        occurredAt: now,
        data: JSON.stringify(event.data),
      }),
    );
    await manager.insert(LoggedEvent, rows);
    return rows;
  }

  /** The id of the newest committed event (`'0'` when the log is empty). */
  async lastId(manager: EntityManager = this.dataSource.manager): Promise<string> {
    const [row] = (await manager.query(`SELECT last_id FROM event_sequence WHERE name = ?`, [SEQUENCE])) as {
      last_id: string | number;
    }[];
    return String(row?.last_id ?? 0);
  }

  /** One account's events after a cursor, oldest first. */
  list(query: EventQuery): Promise<EventPage> {
    return committedRead(this.dataSource, () => this.readPage(query));
  }

  private async readPage(query: EventQuery): Promise<EventPage> {
    const after = query.after ?? '0';
    // Read the horizon first: every id up to it has committed, so a short page may move the cursor to it.
    const horizon = await this.lastId();
    const select = this.dataSource
      .getRepository(LoggedEvent)
      .createQueryBuilder('e')
      .where('e.account_id = :accountId AND e.id > :after AND e.id <= :horizon', {
        accountId: query.accountId,
        after,
        horizon,
      });
    if (query.types?.length) select.andWhere('e.type IN (:...types)', { types: query.types });
    const events = await select.orderBy('e.id', 'ASC').limit(query.limit).getMany();
    const full = events.length === query.limit;
    return { events, lastEventId: full ? events[events.length - 1].id : maxId(after, horizon) };
  }

  /**
   * Every account's events after a cursor, oldest first, for consumers that fan out. Pass the manager of
   * the consumer's transaction; without one the read waits for open transactions to finish.
   */
  readAll(after: string, limit: number, manager?: EntityManager): Promise<LoggedEvent[]> {
    if (!manager) return committedRead(this.dataSource, () => this.readAll(after, limit, this.dataSource.manager));
    return manager
      .getRepository(LoggedEvent)
      .createQueryBuilder('e')
      .where('e.id > :after', { after })
      .orderBy('e.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}

function maxId(a: string, b: string): string {
  return BigInt(a) > BigInt(b) ? a : b;
}
