import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { Role } from '../roles/role.enum';

/** A user's place in one account, with the roles they hold there. */
@Entity('memberships')
@Unique('uq_memberships_user_account', ['userId', 'accountId'])
export class Membership {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ type: 'simple-array' })
  roles!: Role[];

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
