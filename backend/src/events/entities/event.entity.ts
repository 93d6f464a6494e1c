import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EventType } from '../event-type.enum';
import { bigintAsString } from './bigint-column';

/**
 * One row of the append-only event log. Ids come from `event_sequence`, handed out in commit order, so
 * every reader may simply ask for `id > cursor` and never miss a row that commits late.
 */
@Entity('events')
@Index('idx_events_account_id', ['accountId', 'id'])
export class LoggedEvent {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsString })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: EventType;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'occurred_at', type: 'datetime', precision: 3 })
  occurredAt!: Date;

  /** JSON: ids and names, never tokens or lead answers a `contacts:read` key could not read. */
  @Column({ type: 'text' })
  data!: string;
}
