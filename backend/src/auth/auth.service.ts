import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { hashPassword, verifyPassword } from '../accounts/password-hasher';
import { AuthError, AuthException } from './auth.exception';
import { SessionUserResponse, toSessionUserResponse } from './dto/session-user.response';
import { LoginThrottleService } from './login-throttle.service';
import { SessionsService } from './sessions.service';

@Injectable()
export class AuthService {
  /** Hashed once, verified against for unknown e-mails so both failures take the same time. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async login(email: string, password: string, ip: string): Promise<{ token: string; user: SessionUserResponse }> {
    await this.throttle.reserve(email, ip);
    const found = await this.accounts.findForSignIn(email);
    this.dummyHash ??= hashPassword('not-a-real-password');
    const valid = await verifyPassword(password, found?.user.passwordHash ?? (await this.dummyHash));
    if (!found || !valid) throw new AuthException(AuthError.InvalidCredentials);
    await this.throttle.succeeded(email, ip);
    const token = await this.sessions.create(found.user.id, found.account.id);
    return { token, user: toSessionUserResponse(found.user, found.account, found.membership.roles) };
  }

  async me(userId: string, accountId: string): Promise<SessionUserResponse> {
    const member = await this.accounts.findMember(userId, accountId);
    if (!member) throw new AuthException(AuthError.Unauthorized);
    return toSessionUserResponse(member.user, member.account, member.membership.roles);
  }
}
