import { Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import { PasswordHasher } from '../accounts/password-hasher';
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
    private readonly hasher: PasswordHasher,
  ) {}

  async login(email: string, password: string, ip: string): Promise<{ token: string; user: SessionUserResponse }> {
    await this.throttle.reserve(email, ip);
    const found = await this.accounts.findForSignIn(email);
    this.dummyHash ??= this.hasher.hash('not-a-real-password');
    const valid = await this.hasher.verify(password, found?.user.passwordHash ?? (await this.dummyHash));
    if (!found || !valid) throw new AuthException(AuthError.InvalidCredentials);
    await this.throttle.succeeded(email, ip);
    // Only now is the password known, so only now can a hash made at an older, lower cost be replaced.
    if (this.hasher.needsRehash(found.user.passwordHash)) {
      await this.accounts.updatePasswordHash(found.user.id, await this.hasher.hash(password));
    }
    const token = await this.sessions.create(found.user.id, found.account.id);
    return { token, user: toSessionUserResponse(found.user, found.account, found.membership.roles) };
  }

  async me(userId: string, accountId: string): Promise<SessionUserResponse> {
    const member = await this.accounts.findMember(userId, accountId);
    if (!member) throw new AuthException(AuthError.Unauthorized);
    return toSessionUserResponse(member.user, member.account, member.membership.roles);
  }
}
