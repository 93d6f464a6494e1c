import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InternalOAuthError } from 'passport-oauth2';
import { AccountsService } from '../../accounts/accounts.service';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditActor, AuditService } from '../../audit/audit.service';
import { RequestOrigin } from '../../common/request-origin.decorator';
import { UserCaller } from '../../auth/auth-user';
import { randomToken, sha256Hex } from '../../common/hashing';
import { appConfig } from '../../config';
import { Role } from '../../roles/role.enum';
import { ExternalAccount } from '../catalog';
import { ConnectionsService, GrantOutcome, PlainTokens, SavedGrant } from '../connections/connections.service';
import { IntegrationError, IntegrationException } from '../integration.exception';
import { integrationUrl } from '../integration-urls';
import { ProviderHttpError, ProviderUnreachableError } from '../providers/provider-http.client';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { RevocationService } from '../revocation/revocation.service';
import { CallbackResult, ProviderAnswer } from './callback-result';
import { StartedFlowResponse } from './dto/flow.response';
import { FlowPurpose, OAuthFlow } from './oauth-flow.entity';
import { OAuthFlowsService } from './oauth-flows.service';

/** How a claimed flow ends when it does not connect: its status, and the audit event that says why. */
interface Failure {
  status: 'denied' | 'failed';
  error: string;
  event: AuditEventType.ConnectDenied | AuditEventType.ConnectFailed;
  detail: string;
  /** Shown to the person (popup and page) when the code alone cannot say it. */
  message?: string;
}

const failed = (error: string): Failure => ({
  status: 'failed',
  error,
  event: AuditEventType.ConnectFailed,
  detail: `Connecting did not complete (${error}).`,
});

/** A reconnect came back as another external account: the stored connection stays as it was. */
function accountMismatch(signedInAs: string, connectedAs: string): Failure {
  const message =
    `You signed in as ${signedInAs}; this integration is connected as ${connectedAs}. ` +
    `Sign in as ${connectedAs}, or disconnect first to switch accounts.`;
  return { ...failed('account_mismatch'), detail: message, message };
}

/**
 * The connect flow of DESIGN §5, free of HTTP: `start` opens a flow; after Passport has redirected the
 * popup to the provider and exchanged the code, `complete` ends it. Controllers own cookies and pages.
 */
@Injectable()
export class ConnectFlowService {
  private readonly logger = new Logger(ConnectFlowService.name);

  constructor(
    private readonly providers: ProviderRegistry,
    private readonly flows: OAuthFlowsService,
    private readonly connections: ConnectionsService,
    private readonly audit: AuditService,
    private readonly accounts: AccountsService,
    private readonly revocations: RevocationService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  /**
   * POST /integrations/:key/connect. `browserSecret` binds the flow to the browser that started it (the
   * controller keeps it in a cookie); a browser that already has one keeps it. Only a `reconnect` may
   * start over a working connection: a second admin must not replace it by accident.
   */
  async start(
    caller: UserCaller,
    key: string,
    browserSecret: string | undefined,
    origin: RequestOrigin,
    purpose: FlowPurpose = 'connect',
  ): Promise<{ started: StartedFlowResponse; browserSecret: string }> {
    const provider = this.providers.getConfigured(key);
    if (purpose === 'connect') {
      const existing = await this.connections.find(caller.accountId, key);
      if (existing?.status === 'connected') throw new IntegrationException(IntegrationError.AlreadyConnected);
    }
    const browser = browserSecret && /^[A-Za-z0-9_-]{43}$/.test(browserSecret) ? browserSecret : randomToken();
    const flow = await this.flows.start(caller, provider.key, browser, origin, purpose);
    return {
      started: {
        flowId: flow.id,
        authorizeUrl: `${integrationUrl(this.app.appUrl, provider.key, 'authorize')}?flow=${flow.id}`,
        expiresAt: flow.expiresAt.toISOString(),
      },
      browserSecret: browser,
    };
  }

  /**
   * The provider's redirect, once Passport has answered: claim → browser and role → provider error →
   * profile → upsert → audit → finish. Success and denial take this same path. Returns the flow id for
   * the popup, or null when the callback names no flow it can end (unknown, replayed, another provider's).
   */
  async complete(result: CallbackResult, browserSecret: string | undefined, origin: RequestOrigin): Promise<string | null> {
    const provider = this.providers.get(result.integrationKey);
    const claim = await this.flows.claim(provider.key, result.state);
    if (claim.outcome === 'invalid') return null;
    const { flow } = claim;
    // `claim` has recorded the expiry on the flow already.
    if (claim.outcome === 'expired') return this.recordFailure(flow, failed('expired'), origin);

    const { answer } = result;
    const refusal = await this.refusal(flow, browserSecret);
    if (refusal) {
      if (answer.kind === 'grant') await this.giveBack(flow, answer.tokens, origin, `The new grant was revoked (${refusal}).`);
      return this.fail(flow, failed(refusal), origin);
    }
    if (answer.kind !== 'grant') return this.fail(flow, this.providerFailure(answer), origin);

    let external: ExternalAccount;
    try {
      external = await provider.fetchProfile(answer.tokens);
    } catch (error) {
      await this.giveBack(flow, answer.tokens, origin, 'The account could not be read; the new grant was revoked.');
      return this.fail(flow, failed(this.classify(error)), origin);
    }
    const actor = await this.actor(flow);
    const reconnect = flow.purpose === 'reconnect';
    // A reconnect must come back as the connection's own account; upsertGrant compares under its row lock.
    let saved: GrantOutcome;
    try {
      saved = await this.connections.upsertGrant({
        accountId: flow.accountId,
        integrationKey: provider.key,
        connectedBy: { id: flow.userId, name: actor.name ?? 'Unknown user' },
        external,
        tokens: answer.tokens,
        requestedScopes: provider.definition.scopes,
        sameAccountOnly: reconnect,
      });
    } catch (error) {
      this.logger.warn(`Storing the ${provider.key} connection failed: ${(error as Error).message}`);
      await this.giveBack(flow, answer.tokens, origin, 'The connection could not be stored; the new grant was revoked.');
      return this.fail(flow, failed('storage_failed'), origin);
    }
    if ('mismatch' in saved) return this.refuseOtherAccount(flow, answer.tokens, external, saved.mismatch.connectedAs, origin);
    await this.giveBackReplaced(flow, saved, external, origin);
    await this.audit.record({
      accountId: flow.accountId,
      integrationKey: provider.key,
      type: AuditEventType.ConnectSucceeded,
      actor,
      origin,
      detail: `${reconnect ? 'Reconnected' : 'Connected'} to ${external.name}.`,
    });
    await this.flows.finish(flow, 'connected');
    return flow.id;
  }

  /** A reconnect signed in as someone else: nothing was stored, and the new grant goes back. */
  private async refuseOtherAccount(
    flow: OAuthFlow,
    tokens: PlainTokens,
    external: ExternalAccount,
    connectedAs: string,
    origin: RequestOrigin,
  ): Promise<string> {
    const provider = this.providers.get(flow.integrationKey);
    // Where revoking ends the user's whole grant, another account connected as this user keeps it.
    const shared =
      provider.definition.revokeEndsSharedGrant === true && (await this.connections.isConnectedAs(provider.key, external.id));
    if (!shared) {
      await this.giveBack(flow, tokens, origin, `Signed in as ${external.name}, not ${connectedAs}; the new grant was revoked.`);
    }
    return this.fail(flow, accountMismatch(external.name, connectedAs), origin);
  }

  /**
   * The grant this one overwrote (a reconnect's old tokens, or a concurrent connect that lost) goes back,
   * unless revoking it would end the external user's whole grant, the new tokens included (Facebook).
   */
  private async giveBackReplaced(flow: OAuthFlow, saved: SavedGrant, external: ExternalAccount, origin: RequestOrigin) {
    const { replaced, replacedExternalAccountId } = saved;
    const provider = this.providers.get(flow.integrationKey);
    const sameGrant = provider.definition.revokeEndsSharedGrant === true && replacedExternalAccountId === external.id;
    if (!replaced || sameGrant) return;
    const detail =
      flow.purpose === 'reconnect'
        ? 'The tokens the reconnect replaced were revoked.'
        : 'A concurrent connect was replaced; its grant was revoked.';
    await this.giveBack(flow, replaced, origin, detail);
  }

  /** The flow must end in the browser that started it, for a user who may still connect integrations. */
  private async refusal(
    flow: OAuthFlow,
    browserSecret: string | undefined,
  ): Promise<'browser_mismatch' | 'forbidden_role' | null> {
    if (!browserSecret || sha256Hex(browserSecret) !== flow.browserHash) return 'browser_mismatch';
    // The role may have been taken away while the popup was open.
    const mayConnect = await this.accounts.userHasRole(flow.userId, flow.accountId, Role.ChannelsAdmin);
    return mayConnect ? null : 'forbidden_role';
  }

  /** A grant the provider issued but no connection keeps is revoked (or queued), never left behind. */
  private async giveBack(flow: OAuthFlow, tokens: PlainTokens, origin: RequestOrigin, detail: string): Promise<void> {
    const tokensToRevoke = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
    await this.revocations.revokeOrQueue(
      flow.accountId,
      flow.integrationKey,
      tokensToRevoke,
      await this.actor(flow),
      origin,
      detail,
    );
  }

  /** Why a callback without a grant did not connect, in the words the flow status and the audit log use. */
  private providerFailure(answer: Exclude<ProviderAnswer, { kind: 'grant' }>): Failure {
    switch (answer.kind) {
      case 'provider_error': {
        if (answer.error === 'access_denied') {
          return {
            status: 'denied',
            error: 'access_denied',
            event: AuditEventType.ConnectDenied,
            detail: "Access was denied on the provider's page.",
          };
        }
        const code = answer.error.slice(0, 64).replace(/[^a-z_]/g, '') || 'provider_error';
        return { ...failed(code), detail: `The provider answered ${code}.` };
      }
      case 'exchange_failed':
        return failed(this.classify(answer.cause));
      case 'unusable_state':
        return failed('invalid_state');
    }
  }

  private classify(error: unknown): string {
    // passport-oauth2 wraps what our exchange threw; a ProviderHttpError's own `oauthError` is just a code.
    const cause = error instanceof InternalOAuthError ? error.oauthError : error;
    if (cause instanceof ProviderUnreachableError) return 'provider_unavailable';
    if (cause instanceof ProviderHttpError) return cause.status >= 500 ? 'provider_unavailable' : 'provider_rejected';
    this.logger.warn(`Connect callback failed: ${(cause as Error)?.message ?? String(cause)}`);
    return 'provider_error';
  }

  private async fail(flow: OAuthFlow, failure: Failure, origin: RequestOrigin): Promise<string> {
    await this.flows.finish(flow, failure.status, failure.error, failure.message ?? null);
    return this.recordFailure(flow, failure, origin);
  }

  private async recordFailure(flow: OAuthFlow, failure: Failure, origin: RequestOrigin): Promise<string> {
    await this.audit.record({
      accountId: flow.accountId,
      integrationKey: flow.integrationKey,
      type: failure.event,
      actor: await this.actor(flow),
      origin,
      detail: failure.detail,
    });
    return flow.id;
  }

  private async actor(flow: OAuthFlow): Promise<AuditActor> {
    const user = await this.accounts.findUserSummary(flow.userId);
    return { userId: flow.userId, name: user?.name ?? null };
  }
}
