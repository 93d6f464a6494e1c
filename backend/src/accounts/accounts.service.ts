import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors';
import { Role } from '../roles/role.enum';
import { Account } from './account.entity';
import { AccountsError, AccountsException } from './accounts.exception';
import { normalizeEmail } from './email';
import { Membership } from './membership.entity';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  accountId: string;
  roles: Role[];
}

export type NewMember = Omit<NewUser, 'accountId'>;

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
    private readonly hasher: PasswordHasher,
  ) {}

  createAccount(name: string): Promise<Account> {
    return this.insertAccount(this.dataSource.manager, name);
  }

  findAccount(id: string): Promise<Account | null> {
    return this.accounts.findOne({ where: { id } });
  }

  /** Throws `email_taken` when the (normalised) e-mail is already in use. */
  async createUser(input: NewUser): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.dataSource.transaction((manager) => this.insertMember(manager, input, passwordHash));
  }

  /** A new account and its first users, all or nothing: a taken e-mail leaves no empty account behind. */
  async createAccountWithUsers(name: string, members: NewMember[]): Promise<Account> {
    // Hash outside the transaction: scrypt is slow on purpose and SQLite would hold its write lock meanwhile.
    const hashes = await Promise.all(members.map((member) => this.hasher.hash(member.password)));
    return this.dataSource.transaction(async (manager) => {
      const account = await this.insertAccount(manager, name);
      for (const [index, member] of members.entries()) {
        await this.insertMember(manager, { ...member, accountId: account.id }, hashes[index]);
      }
      return account;
    });
  }

  private async insertAccount(manager: EntityManager, name: string): Promise<Account> {
    const account = manager.create(Account, { id: randomUUID(), name, createdAt: new Date() });
    await manager.insert(Account, account);
    return account;
  }

  private async insertMember(manager: EntityManager, input: NewUser, passwordHash: string): Promise<User> {
    const now = new Date();
    const user = manager.create(User, {
      id: randomUUID(),
      email: normalizeEmail(input.email),
      name: input.name,
      passwordHash,
      createdAt: now,
    });
    try {
      await manager.insert(User, user);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AccountsException(AccountsError.EmailTaken);
      throw error;
    }
    await manager.insert(Membership, {
      id: randomUUID(),
      userId: user.id,
      accountId: input.accountId,
      roles: input.roles,
      createdAt: now,
    });
    return user;
  }

  /** After a sign-in proved the password: its hash made again at today's cost. */
  async updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.users.update({ id: userId }, { passwordHash });
  }

  countUsers(): Promise<number> {
    return this.users.count();
  }

  /** For sign-in, by an e-mail already normalised: the user with its password hash and its (single) membership. */
  async findForSignIn(email: string): Promise<UserWithMembership | null> {
    const user = await this.users.findOne({
      where: { email },
      select: { id: true, email: true, name: true, passwordHash: true, createdAt: true },
    });
    if (!user) return null;
    const membership = await this.memberships.findOne({ where: { userId: user.id }, order: { createdAt: 'ASC' } });
    const account = membership && (await this.findAccount(membership.accountId));
    if (!membership || !account) return null;
    return { user: user as User & { passwordHash: string }, membership, account };
  }

  /** The first membership of the user with this e-mail (normalised here), e.g. to name an account by its admin. */
  async findMembershipByEmail(email: string): Promise<Membership | null> {
    const user = await this.users.findOne({ where: { email: normalizeEmail(email) }, select: { id: true } });
    return user && this.memberships.findOne({ where: { userId: user.id }, order: { createdAt: 'ASC' } });
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
