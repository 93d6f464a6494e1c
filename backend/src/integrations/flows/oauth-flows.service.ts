import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Interval } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Repository } from 'typeorm';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import { RequestOrigin } from '../../common/request-origin.decorator';
import { UserCaller } from '../../auth/auth-user';
import { randomToken, sha256Hex } from '../../common/hashing';
import { appConfig } from '../../config';
import { MetricsService } from '../../metrics/metrics.service';
import { TOKEN_CIPHER } from '../connections/token-cipher.provider';
import { TokenCipher } from '../connections/token-cipher';
import { IntegrationError, IntegrationException } from '../integration.exception';
import { FlowPurpose, FlowStatus, OAuthFlow } from './oauth-flow.entity';

/** `claimed`: this caller consumed the flow, nobody else can. `expired` is recorded; `invalid` names no usable flow. */
export type ClaimResult = { outcome: 'claimed' | 'expired'; flow: OAuthFlow } | { outcome: 'invalid' };

const CLEANUP_INTERVAL_MS = 5 * 60_000;

@Injectable()
export class OAuthFlowsService {
  private readonly logger = new Logger(OAuthFlowsService.name);

  constructor(
    @InjectRepository(OAuthFlow) private readonly flows: Repository<OAuthFlow>,
    @Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher,
    private readonly audit: AuditService,
    @Inject(appConfig.KEY) private readonly settings: ConfigType<typeof appConfig>,
    private readonly metrics: MetricsService,
  ) {}

  /** @nestjs/schedule stops this poller when the application shuts down. */
  @Interval('oauth-flow-cleanup', CLEANUP_INTERVAL_MS)
  async cleanUpOnSchedule(): Promise<void> {
    await this.cleanUp().catch((e: unknown) => this.logger.warn(`Flow clean-up failed: ${String(e)}`));
  }

  /** Step 2 of the connect flow: a pending row bound to this user and this browser. */
  async start(
    caller: UserCaller,
    integrationKey: string,
    browserSecret: string,
    origin: RequestOrigin,
    purpose: FlowPurpose = 'connect',
  ): Promise<OAuthFlow> {
    const now = new Date();
    const flow = this.flows.create({
      id: randomUUID(),
      accountId: caller.accountId,
      userId: caller.id,
      integrationKey,
      stateHash: null,
      codeVerifierEnc: null,
      browserHash: sha256Hex(browserSecret),
      status: 'pending',
      purpose,
      error: null,
      errorDetail: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.settings.flowTtlSeconds * 1000),
      consumedAt: null,
    });
    await this.flows.insert(flow);
    await this.audit.record({
      accountId: caller.accountId,
      integrationKey,
      type: AuditEventType.ConnectStarted,
      actor: { userId: caller.id, name: caller.name },
      origin,
    });
    return flow;
  }

  /**
   * Called by the state store when the popup opens the authorize link: issues the state once, for the
   * browser and user that started the flow. Returns null when the link is not (or no longer) usable.
   */
  async issueState(
    flowId: string,
    userId: string,
    browserSecret: string,
    codeVerifier: string | undefined,
  ): Promise<string | null> {
    const flow = await this.flows.findOne({
      where: { id: flowId, userId },
      select: { id: true, accountId: true, integrationKey: true },
    });
    if (!flow) return null;
    const state = randomToken();
    const result = await this.flows
      .createQueryBuilder()
      .update(OAuthFlow)
      .set({
        stateHash: sha256Hex(state),
        codeVerifierEnc: codeVerifier
          ? this.cipher.encrypt(codeVerifier, {
              accountId: flow.accountId,
              integrationKey: flow.integrationKey,
              field: 'code_verifier',
            })
          : null,
      })
      .where('id = :id AND user_id = :userId AND browser_hash = :browserHash', {
        id: flowId,
        userId,
        browserHash: sha256Hex(browserSecret),
      })
      .andWhere("status = 'pending' AND state_hash IS NULL AND consumed_at IS NULL AND expires_at > :now", { now: new Date() })
      .execute();
    return result.affected === 1 ? state : null;
  }

  /**
   * Before the code is exchanged: the PKCE verifier of the pending, unexpired flow this state and browser
   * belong to, or null. It consumes nothing; `claim` decides. It only spares a code the exchange that
   * `claim` would refuse anyway (used, expired, another integration's or another browser's state).
   */
  async codeVerifierFor(integrationKey: string, state: string, browserSecret: string | undefined): Promise<string | true | null> {
    if (!state || state.length > 200 || !browserSecret) return null;
    const flow = await this.flows
      .createQueryBuilder('f')
      .select(['f.id', 'f.accountId', 'f.codeVerifierEnc'])
      .where('f.state_hash = :stateHash AND f.integration_key = :integrationKey AND f.browser_hash = :browserHash', {
        stateHash: sha256Hex(state),
        integrationKey,
        browserHash: sha256Hex(browserSecret),
      })
      .andWhere("f.consumed_at IS NULL AND f.status = 'pending' AND f.expires_at > :now", { now: new Date() })
      .getOne();
    if (!flow) return null;
    if (!flow.codeVerifierEnc) return true;
    return this.cipher.decrypt(flow.codeVerifierEnc, { accountId: flow.accountId, integrationKey, field: 'code_verifier' });
  }

  /**
   * Consumes the flow for this state atomically and once. Two callbacks racing with the same state both
   * run the UPDATE; exactly one sees `affected = 1`.
   */
  async claim(integrationKey: string, state: string): Promise<ClaimResult> {
    if (!state || state.length > 200) return { outcome: 'invalid' };
    const stateHash = sha256Hex(state);
    const now = new Date();
    const result = await this.flows
      .createQueryBuilder()
      .update(OAuthFlow)
      .set({ consumedAt: now })
      .where('state_hash = :stateHash AND integration_key = :integrationKey', { stateHash, integrationKey })
      .andWhere("consumed_at IS NULL AND status = 'pending' AND expires_at > :now", { now })
      .execute();
    const flow = await this.flows.findOne({
      where: { stateHash, integrationKey },
      select: {
        id: true,
        accountId: true,
        userId: true,
        integrationKey: true,
        status: true,
        purpose: true,
        error: true,
        createdAt: true,
        expiresAt: true,
        consumedAt: true,
        browserHash: true,
      },
    });
    if (!flow) return { outcome: 'invalid' };
    if (result.affected === 1) return { outcome: 'claimed', flow };
    if (flow.consumedAt === null && flow.status === 'pending' && flow.expiresAt.getTime() <= now.getTime()) {
      await this.finish(flow, 'expired', 'expired');
      return { outcome: 'expired', flow };
    }
    return { outcome: 'invalid' };
  }

  /** Records how a flow ended; the opener's poll reads this. */
  async finish(
    flow: Pick<OAuthFlow, 'id' | 'integrationKey'>,
    status: Exclude<FlowStatus, 'pending'>,
    error: string | null = null,
    errorDetail: string | null = null,
  ): Promise<void> {
    await this.flows.update(
      { id: flow.id },
      { status, error, errorDetail: errorDetail?.slice(0, 500) ?? null, consumedAt: new Date() },
    );
    this.metrics.connectOutcomes.inc({ provider: flow.integrationKey, status });
  }

  /** The flow as its starter sees it; anyone else gets 404. Pending flows past their expiry read as expired. */
  async findForUser(caller: UserCaller, flowId: string): Promise<OAuthFlow> {
    const flow = await this.flows.findOne({ where: { id: flowId, userId: caller.id, accountId: caller.accountId } });
    if (!flow) throw new IntegrationException(IntegrationError.FlowNotFound);
    if (flow.status === 'pending' && flow.expiresAt.getTime() <= Date.now()) {
      await this.flows.update({ id: flow.id, status: 'pending' }, { status: 'expired', error: 'expired' });
      return { ...flow, status: 'expired', error: 'expired' };
    }
    return flow;
  }

  /** The admin closed the popup: a pending flow can no longer complete. */
  async cancel(caller: UserCaller, flowId: string): Promise<void> {
    const flow = await this.findForUser(caller, flowId);
    if (flow.status !== 'pending') throw new IntegrationException(IntegrationError.FlowNotPending);
    const cancelled = await this.flows.update(
      { id: flow.id, status: 'pending', consumedAt: IsNull() },
      { status: 'failed', error: 'cancelled', consumedAt: new Date() },
    );
    if (cancelled.affected) this.metrics.connectOutcomes.inc({ provider: flow.integrationKey, status: 'cancelled' });
  }

  /** Expires abandoned flows (housekeeping deletes old ones); safe to run on every instance at once. */
  async cleanUp(now = new Date()): Promise<void> {
    await this.flows.update({ status: 'pending', expiresAt: LessThan(now) }, { status: 'expired', error: 'expired' });
  }
}
