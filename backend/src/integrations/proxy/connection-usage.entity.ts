import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How services use one connection through the proxy; deleted with the connection. */
@Entity('connection_usage')
export class ConnectionUsage {
  @PrimaryColumn({ name: 'connection_id', type: 'varchar', length: 36 })
  connectionId!: string;

  /** UTC day (`YYYY-MM-DD`) that `callsToday` counts; a call on a later day starts the count again. */
  @Column({ name: 'usage_day', type: 'varchar', length: 10 })
  usageDay!: string;

  @Column({ name: 'calls_today', type: 'int' })
  callsToday!: number;

  @Column({ name: 'last_used_at', type: 'datetime', precision: 3, nullable: true })
  lastUsedAt!: Date | null;

  /** The last failed call in words (status or timeout); cleared by the next success. Never a body. */
  @Column({ name: 'last_error', type: 'varchar', length: 300, nullable: true })
  lastError!: string | null;

  /** When `integration.proxy_used` was last audited, so the audit log gets one entry a minute at most. */
  @Column({ name: 'audited_at', type: 'datetime', precision: 3, nullable: true })
  auditedAt!: Date | null;
}
