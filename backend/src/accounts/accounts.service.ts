import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Role } from '../roles/role.enum';
import { Account } from './account.entity';
import { Membership } from './membership.entity';
import { hashPassword } from './password-hasher';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  accountId: string;
  roles: Role[];
}

export interface UserWithMembership {
  user: User & { passwordHash: string };
  membership: Membership;
  account: Account;
}

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
  ) {}

  async createAccount(name: string): Promise<Account> {
    const account = this.accounts.create({ id: randomUUID(), name, createdAt: new Date() });
    await this.accounts.insert(account);
    return account;
  }

  findAccount(id: string): Promise<Account | null> {
    return this.accounts.findOne({ where: { id } });
  }

  async createUser(input: NewUser): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      const user = manager.create(User, { id: randomUUID(), email: input.email.trim().toLowerCase(), name: input.name, passwordHash, createdAt: new Date() });
      await manager.insert(User, user);
      await manager.insert(Membership, { id: randomUUID(), userId: user.id, accountId: input.accountId, roles: input.roles, createdAt: new Date() });
      return user;
    });
  }

  countUsers(): Promise<number> {
    return this.users.count();
  }

  /** For sign-in: the user with its password hash and its (single) membership. */
  async findForSignIn(email: string): Promise<UserWithMembership | null> {
    const user = await this.users.findOne({
      where: { email: email.trim().toLowerCase() },
      select: { id: true, email: true, name: true, passwordHash: true, createdAt: true },
    });
    if (!user) return null;
    const membership = await this.memberships.findOne({ where: { userId: user.id }, order: { createdAt: 'ASC' } });
    const account = membership && (await this.findAccount(membership.accountId));
    if (!membership || !account) return null;
    return { user: user as User & { passwordHash: string }, membership, account };
  }

  async findMember(userId: string, accountId: string): Promise<{ user: User; membership: Membership; account: Account } | null> {
    const [user, membership, account] = await Promise.all([
      this.users.findOne({ where: { id: userId } }),
      this.memberships.findOne({ where: { userId, accountId } }),
      this.findAccount(accountId),
    ]);
    return user && membership && account ? { user, membership, account } : null;
  }

  /** Re-checked at the OAuth callback: the role may have been taken away while the popup was open. */
  async userHasRole(userId: string, accountId: string, role: Role): Promise<boolean> {
    const membership = await this.memberships.findOne({ where: { userId, accountId } });
    return membership?.roles.includes(role) ?? false;
  }

  async findUserSummary(userId: string): Promise<{ id: string; name: string } | null> {
    const user = await this.users.findOne({ where: { id: userId } });
    return user && { id: user.id, name: user.name };
  }
}
