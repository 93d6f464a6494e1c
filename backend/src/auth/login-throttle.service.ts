import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors';
import { AuthSettings } from '../config';
import { AuthError, AuthException } from './auth.exception';
import { LoginAttempt } from './entities/login-attempt.entity';

/** Slows down password guessing per e-mail and per IP, shared by all instances through the database. */
@Injectable()
export class LoginThrottleService {
  private readonly settings: AuthSettings;

  constructor(
    @InjectRepository(LoginAttempt) private readonly attempts: Repository<LoginAttempt>,
    config: ConfigService,
  ) {
    this.settings = config.getOrThrow<AuthSettings>('auth');
  }

  private subjects(email: string, ip: string): { subject: string; limit: number }[] {
    return [
      { subject: `email:${email.trim().toLowerCase()}`.slice(0, 300), limit: this.settings.loginFailuresPerEmail },
      { subject: `ip:${ip}`.slice(0, 300), limit: this.settings.loginFailuresPerIp },
    ];
  }

  /** Throws 429 with Retry-After while either the e-mail or the IP is over its limit. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const subjects = this.subjects(email, ip);
    const rows = await this.attempts.find({ where: { subject: In(subjects.map((s) => s.subject)) } });
    const windowMs = this.settings.loginWindowSeconds * 1000;
    for (const row of rows) {
      const limit = subjects.find((s) => s.subject === row.subject)?.limit ?? Infinity;
      const endsAt = row.windowStartedAt.getTime() + windowMs;
      if (row.failures >= limit && endsAt > Date.now()) {
        throw new AuthException(AuthError.TooManyRequests, { 'Retry-After': String(Math.ceil((endsAt - Date.now()) / 1000)) });
      }
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const now = new Date();
    const windowStart = new Date(now.getTime() - this.settings.loginWindowSeconds * 1000);
    for (const { subject } of this.subjects(email, ip)) {
      const restarted = await this.attempts
        .createQueryBuilder()
        .update(LoginAttempt)
        .set({ failures: 1, windowStartedAt: now })
        .where('subject = :subject AND window_started_at <= :windowStart', { subject, windowStart })
        .execute();
      if (restarted.affected) continue;
      const counted = await this.attempts.increment({ subject }, 'failures', 1);
      if (counted.affected) continue;
      try {
        await this.attempts.insert({ subject, failures: 1, windowStartedAt: now });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        await this.attempts.increment({ subject }, 'failures', 1);
      }
    }
  }

  async clear(email: string): Promise<void> {
    await this.attempts.delete({ subject: this.subjects(email, '')[0].subject });
  }
}
