import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed sign-ins per e-mail or IP within a window; in the database so every instance sees them. */
@Entity('login_attempts')
export class LoginAttempt {
  /** `email:<address>` or `ip:<address>`. */
  @PrimaryColumn({ name: 'subject', type: 'varchar', length: 300 })
  subject!: string;

  @Column({ type: 'int' })
  failures!: number;

  @Column({ name: 'window_started_at', type: 'datetime', precision: 3 })
  windowStartedAt!: Date;
}
