import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, Repository } from 'typeorm';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditActor, AuditService } from '../../audit/audit.service';
import { RequestOrigin } from '../../common/request-origin.decorator';
import { PlainTokens } from '../connections/connections.service';
import { TokenCipher } from '../connections/token-cipher';
import { TOKEN_CIPHER } from '../connections/token-cipher.provider';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { RevocationTask } from './revocation-task.entity';

const POLL_INTERVAL_MS = 30_000;
const MAX_BACKOFF_MS = 3600_000;

function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Revokes tokens at the provider after a disconnect. A provider outage must not block the disconnect,
 * so a failed revocation is parked, encrypted, in an outbox and retried with backoff by any instance.
 */
@Injectable()
export class RevocationService {
  private readonly logger = new Logger(RevocationService.name);

  constructor(
    @InjectRepository(RevocationTask) private readonly outbox: Repository<RevocationTask>,
    @Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher,
    private readonly providers: ProviderRegistry,
    private readonly audit: AuditService,
  ) {}

  /** The outbox's poller; @nestjs/schedule stops it when the application shuts down. */
  @Interval('revocation-retry', POLL_INTERVAL_MS)
  async retryDue(): Promise<void> {
    await this.processDue().catch((e: unknown) => this.logger.warn(`Revocation retry failed: ${String(e)}`));
  }

  async revokeOrQueue(
    accountId: string,
    integrationKey: string,
    tokens: PlainTokens,
    actor: AuditActor,
    origin: RequestOrigin,
    detail?: string,
  ): Promise<'revoked' | 'queued'> {
    try {
      await this.providers.get(integrationKey).revoke(tokens);
      await this.audit.record({ accountId, integrationKey, type: AuditEventType.Revoked, actor, origin, detail });
      return 'revoked';
    } catch (error) {
      const now = new Date();
      await this.outbox.insert({
        id: randomUUID(),
        accountId,
        integrationKey,
        tokensEnc: this.cipher.encrypt(JSON.stringify(tokens), { accountId, integrationKey, field: 'outbox_token' }),
        attempts: 1,
        lastError: (error as Error).message.slice(0, 500),
        nextAttemptAt: new Date(now.getTime() + backoffMs(1)),
        createdAt: now,
      });
      await this.audit.record({
        accountId,
        integrationKey,
        type: AuditEventType.RevokeFailed,
        actor,
        origin,
        detail: 'The provider could not revoke access now; it will be retried automatically.',
      });
      return 'queued';
    }
  }

  /** Retries due revocations. Each task is claimed by pushing its next attempt forward, so instances never double-send. */
  async processDue(now = new Date()): Promise<{ revoked: number; failed: number }> {
    const due = await this.outbox.find({
      where: { nextAttemptAt: LessThanOrEqual(now) },
      take: 50,
      order: { nextAttemptAt: 'ASC' },
    });
    let revoked = 0;
    let failed = 0;
    for (const task of due) {
      const claim = await this.outbox.update(
        { id: task.id, nextAttemptAt: task.nextAttemptAt },
        { nextAttemptAt: new Date(now.getTime() + backoffMs(task.attempts + 1)) },
      );
      if (claim.affected !== 1) continue;
      const row = await this.outbox.findOne({ where: { id: task.id }, select: { id: true, tokensEnc: true } });
      if (!row) continue;
      const context = { accountId: task.accountId, integrationKey: task.integrationKey, field: 'outbox_token' as const };
      try {
        await this.providers
          .get(task.integrationKey)
          .revoke(JSON.parse(this.cipher.decrypt(row.tokensEnc, context)) as PlainTokens);
        await this.outbox.delete({ id: task.id });
        await this.audit.record({
          accountId: task.accountId,
          integrationKey: task.integrationKey,
          type: AuditEventType.Revoked,
          detail: `Revoked after ${task.attempts + 1} attempts.`,
        });
        revoked++;
      } catch (error) {
        await this.outbox.update(
          { id: task.id },
          { attempts: task.attempts + 1, lastError: (error as Error).message.slice(0, 500) },
        );
        failed++;
      }
    }
    return { revoked, failed };
  }
}
