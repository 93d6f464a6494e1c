import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsString } from './bigint-column';

/** How far one consumer of the event log has got, and who is working on it right now. */
@Entity('event_cursors')
export class EventCursor {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  consumer!: string;

  @Column({ type: 'bigint', transformer: bigintAsString })
  position!: string;

  @Column({ name: 'lease_owner', type: 'varchar', length: 36, nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_until', type: 'datetime', precision: 3, nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
