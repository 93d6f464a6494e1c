import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { AccountsService } from '../accounts/accounts.service';
import { randomToken, sha256Hex } from '../common/hashing';
import { appConfig } from '../config';
import { UserCaller } from './auth-user';
import { Session } from './entities/session.entity';

export const SESSION_COOKIE = 'aurora_session';
const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class SessionsService {
  private readonly ttlMs: number;

  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly accounts: AccountsService,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
  ) {
    this.ttlMs = app.sessionTtlHours * 3600_000;
  }

  get maxAgeMs(): number {
    return this.ttlMs;
  }

  /** Returns the cookie value; only its hash is stored. */
  async create(userId: string, accountId: string): Promise<string> {
    const token = randomToken();
    const now = new Date();
    await this.sessions.insert({
      id: sha256Hex(token),
      userId,
      accountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
    });
    await this.sessions.delete({ userId, expiresAt: LessThan(now) });
    return token;
  }

  /** The caller behind a cookie, with roles read fresh from the membership on every request. */
  async resolve(token: string): Promise<UserCaller | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const id = sha256Hex(token);
    const session = await this.sessions.findOne({ where: { id } });
    if (!session || session.expiresAt.getTime() <= Date.now()) return null;
    const member = await this.accounts.findMember(session.userId, session.accountId);
    if (!member) return null;
    if (Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
      await this.sessions.update({ id }, { lastSeenAt: new Date() });
    return {
      kind: 'user',
      id: member.user.id,
      accountId: member.account.id,
      email: member.user.email,
      name: member.user.name,
      roles: member.membership.roles,
      sessionId: id,
    };
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions.delete({ id: sessionId });
  }
}
