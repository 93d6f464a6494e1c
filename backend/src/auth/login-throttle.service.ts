import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { insertOrElse } from '../common/database-errors';
import { authConfig } from '../config';
import { AuthError, AuthException } from './auth.exception';
import { LoginAttempt } from './entities/login-attempt.entity';

interface Subject {
  subject: string;
  limit: number;
}

/**
 * Slows down password guessing per e-mail and per IP, shared by all instances through the database.
 * An attempt is counted *before* the password is checked, so guesses sent in parallel cannot all pass
 * the limit before the first failure is written; a correct password takes its attempt back. Subjects are
 * matched and limits compared by the database alone (e-mails arrive normalised and are compared byte for
 * byte), so the rows counted are exactly the rows judged.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectRepository(LoginAttempt) private readonly attempts: Repository<LoginAttempt>,
    @Inject(authConfig.KEY) private readonly settings: ConfigType<typeof authConfig>,
  ) {}

  /** `email` is normalised already (`normalizeEmail`), as the sign-in DTO delivers it. */
  private emailSubject(email: string): Subject {
    return { subject: `email:${email}`.slice(0, 300), limit: this.settings.loginFailuresPerEmail };
  }

  private ipSubject(ip: string): Subject {
    return { subject: `ip:${ip}`.slice(0, 300), limit: this.settings.loginFailuresPerIp };
  }

  /** Counts one attempt; throws 429 with Retry-After (and counts nothing) while the e-mail or IP is over its limit. */
  async reserve(email: string, ip: string): Promise<void> {
    const [byEmail, byIp] = [this.emailSubject(email), this.ipSubject(ip)];
    const subjects = [byEmail, byIp];
    const now = new Date();
    for (const { subject } of subjects) await this.count(subject, now);
    const over = await this.attempts
      .createQueryBuilder('attempt')
      .where('(attempt.subject = :email AND attempt.failures > :emailLimit)')
      .orWhere('(attempt.subject = :ip AND attempt.failures > :ipLimit)')
      .setParameters({ email: byEmail.subject, emailLimit: byEmail.limit, ip: byIp.subject, ipLimit: byIp.limit })
      .getMany();
    const windowEnds = over.map((row) => row.windowStartedAt.getTime() + this.settings.loginWindowSeconds * 1000);
    if (windowEnds.length === 0) return;
    for (const { subject } of subjects) await this.uncount(subject);
    const retryAfter = Math.max(1, Math.ceil((Math.max(...windowEnds) - Date.now()) / 1000));
    throw new AuthException(AuthError.TooManyRequests, { headers: { 'Retry-After': String(retryAfter) } });
  }

  /** The password was right: the e-mail starts afresh and the attempt no longer counts against the IP. */
  async succeeded(email: string, ip: string): Promise<void> {
    await this.attempts.delete({ subject: this.emailSubject(email).subject });
    await this.uncount(this.ipSubject(ip).subject);
  }

  /** +1 in the current window, or a new window when the last one has passed; safe under concurrency. */
  private async count(subject: string, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - this.settings.loginWindowSeconds * 1000);
    const restarted = await this.attempts
      .createQueryBuilder()
      .update(LoginAttempt)
      .set({ failures: 1, windowStartedAt: now })
      .where('subject = :subject AND window_started_at <= :windowStart', { subject, windowStart })
      .execute();
    if (restarted.affected) return;
    if ((await this.attempts.increment({ subject }, 'failures', 1)).affected) return;
    await insertOrElse(
      () => this.attempts.insert({ subject, failures: 1, windowStartedAt: now }),
      () => this.attempts.increment({ subject }, 'failures', 1),
    );
  }

  private async uncount(subject: string): Promise<void> {
    await this.attempts.decrement({ subject, failures: MoreThan(0) }, 'failures', 1);
  }
}
