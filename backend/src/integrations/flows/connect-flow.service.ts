import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Response } from 'express';
import { AccountsService } from '../../accounts/accounts.service';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import { RequestOrigin } from '../../common/request-origin.decorator';
import { UserCaller } from '../../auth/auth-user';
import { randomToken } from '../../common/hashing';
import { AppSettings } from '../../config';
import { Role } from '../../roles/role.enum';
import { TokenSet } from '../catalog';
import { Connection } from '../connections/connection.entity';
import { ConnectionsService } from '../connections/connections.service';
import { IntegrationError, IntegrationException } from '../integration.exception';
import { BROWSER_COOKIE, FlowRequest, FlowStateStore } from '../oauth/flow-state.store';
import { IntegrationStrategies } from '../oauth/integration-strategies';
import { ProviderHttpError, ProviderUnreachableError } from '../providers/provider-http.client';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { RuntimeProvider } from '../providers/runtime-provider';
import { callbackErrorPage } from './callback-page';
import { OAuthFlow } from './oauth-flow.entity';
import { OAuthFlowsService } from './oauth-flows.service';

export interface StartedFlow {
  flowId: string;
  authorizeUrl: string;
  expiresAt: string;
}

/**
 * The connect flow of DESIGN §5: start → authorize (passport redirects to the provider) → callback
 * (passport claims the state, exchanges the code, we store the connection) → 303 to /oauth/complete.
 */
@Injectable()
export class ConnectFlowService {
  private readonly logger = new Logger(ConnectFlowService.name);
  private readonly settings: AppSettings;
  private readonly strategies: IntegrationStrategies;

  constructor(
    private readonly providers: ProviderRegistry,
    private readonly flows: OAuthFlowsService,
    private readonly connections: ConnectionsService,
    private readonly audit: AuditService,
    private readonly accounts: AccountsService,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.settings = config.getOrThrow<AppSettings>('app');
    const mayConnect = (userId: string, accountId: string) => this.accounts.userHasRole(userId, accountId, Role.ChannelsAdmin);
    this.strategies = new IntegrationStrategies(
      providers.all(),
      (provider) => new FlowStateStore(provider.key, flows, mayConnect),
      (req, provider, tokens) => this.storeGrant(req, provider, tokens),
    );
  }

  /** POST /integrations/:key/connect. The browser cookie binds the flow to the browser that started it. */
  async start(
    caller: UserCaller,
    key: string,
    browserSecret: string | undefined,
    res: Response,
    origin: RequestOrigin,
  ): Promise<StartedFlow> {
    const provider = this.providers.getConfigured(key);
    const existing = await this.connections.find(caller.accountId, key);
    if (existing?.status === 'connected') throw new IntegrationException(IntegrationError.AlreadyConnected);
    const browser = browserSecret && /^[A-Za-z0-9_-]{43}$/.test(browserSecret) ? browserSecret : randomToken();
    res.cookie(BROWSER_COOKIE, browser, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.settings.appUrl.startsWith('https:'),
      path: '/api/v1/integrations',
      maxAge: 24 * 3600_000,
    });
    const flow = await this.flows.start(caller, provider.key, browser, origin);
    return {
      flowId: flow.id,
      authorizeUrl: `${this.settings.appUrl}/api/v1/integrations/${encodeURIComponent(provider.key)}/authorize?flow=${flow.id}`,
      expiresAt: flow.expiresAt.toISOString(),
    };
  }

  /** GET /integrations/:key/authorize: the popup's first stop; passport redirects it to the provider. */
  async authorize(caller: UserCaller, key: string, flowId: string, req: FlowRequest, res: Response): Promise<void> {
    const provider = this.providers.getConfigured(key);
    // Someone else's (or a made-up) flow id is simply not found, like any other foreign id.
    if (!/^[0-9a-f-]{36}$/i.test(flowId)) throw new IntegrationException(IntegrationError.FlowNotFound);
    await this.flows.findForUser(caller, flowId);
    req.oauthFlow = { startingFlow: { flowId, userId: caller.id } };
    const outcome = await this.strategies.authenticate(provider, req, res);
    if (outcome.kind === 'redirected') return;
    this.sendPage(
      res,
      400,
      'This link cannot be used',
      outcome.kind === 'error' ? (outcome.error as Error).message : 'The authorization could not start.',
    );
  }

  /** GET /integrations/:key/callback: the provider's redirect. Always ends the flow one way or another. */
  async callback(key: string, req: FlowRequest, res: Response, origin: RequestOrigin): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const provider = this.providers.get(key);
    if (typeof req.query.error === 'string') return this.providerError(provider, req, res, origin);
    if (!provider.configured) return this.sendPage(res, 400, 'Integration not available', 'This integration is not configured.');

    const outcome = await this.strategies.authenticate(provider, req, res);
    const { claimed, rejected } = req.oauthFlow ?? {};
    if (outcome.kind === 'success' && claimed) {
      await this.flows.finish(claimed.flow.id, 'connected');
      return this.complete(res, claimed.flow.id);
    }
    const flow = rejected?.flow ?? claimed?.flow;
    if (!flow) {
      if (outcome.kind === 'error') this.logger.warn(`Callback without a usable flow: ${(outcome.error as Error)?.message}`);
      return this.sendPage(
        res,
        400,
        'This authorization link is no longer valid',
        'It was already used, has expired, or belongs to another integration.',
      );
    }
    if (rejected?.reason === 'expired') {
      await this.recordFailure(provider, flow, 'expired', origin);
      return this.complete(res, flow.id);
    }
    const error =
      rejected?.reason === 'browser_mismatch' || rejected?.reason === 'forbidden_role'
        ? rejected.reason
        : this.classify(outcome.kind === 'error' ? outcome.error : undefined);
    await this.flows.finish(flow.id, 'failed', error);
    await this.recordFailure(provider, flow, error, origin);
    return this.complete(res, flow.id);
  }

  /** `?error=` from the provider (RFC 6749 §4.1.2.1): the admin cancelled, or the provider refused. */
  private async providerError(provider: RuntimeProvider, req: FlowRequest, res: Response, origin: RequestOrigin): Promise<void> {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const result = await this.flows.claim(provider.key, state);
    if (result.outcome === 'invalid') {
      return this.sendPage(
        res,
        400,
        'This authorization link is no longer valid',
        'It was already used, has expired, or belongs to another integration.',
      );
    }
    const flow = result.outcome === 'claimed' ? result.claimed.flow : result.flow;
    if (result.outcome === 'claimed') {
      const denied = req.query.error === 'access_denied';
      const code = denied
        ? 'access_denied'
        : String(req.query.error)
            .slice(0, 64)
            .replace(/[^a-z_]/g, '') || 'provider_error';
      await this.flows.finish(flow.id, denied ? 'denied' : 'failed', code);
      await this.audit.record({
        accountId: flow.accountId,
        integrationKey: provider.key,
        type: denied ? AuditEventType.ConnectDenied : AuditEventType.ConnectFailed,
        actor: await this.actor(flow),
        origin,
        detail: denied ? "Access was denied on the provider's page." : `The provider answered ${code}.`,
      });
    } else {
      await this.recordFailure(provider, flow, 'expired', origin);
    }
    return this.complete(res, flow.id);
  }

  /** passport's verify step: look the account up with the fresh token, then store the connection. */
  private async storeGrant(req: FlowRequest, provider: RuntimeProvider, tokens: TokenSet): Promise<Connection> {
    const flow = req.oauthFlow?.claimed?.flow;
    if (!flow) throw new Error('No claimed flow on the callback request');
    const external = await provider.fetchProfile(tokens);
    const actor = await this.actor(flow);
    const connection = await this.connections.saveGrant({
      accountId: flow.accountId,
      integrationKey: provider.key,
      connectedBy: { id: flow.userId, name: actor.name ?? 'Unknown user' },
      external,
      tokens,
      requestedScopes: provider.definition.scopes,
    });
    await this.audit.record({
      accountId: flow.accountId,
      integrationKey: provider.key,
      type: AuditEventType.ConnectSucceeded,
      actor,
      origin: {
        ip: req.ip ?? null,
        requestId: (req as { id?: unknown }).id === undefined ? null : String((req as { id?: unknown }).id),
      },
      detail: `Connected to ${external.name}.`,
    });
    return connection;
  }

  private classify(error: unknown): string {
    const cause = (error as { oauthError?: unknown } | undefined)?.oauthError ?? error;
    if (cause instanceof ProviderUnreachableError) return 'provider_unavailable';
    if (cause instanceof ProviderHttpError) return cause.status >= 500 ? 'provider_unavailable' : 'provider_rejected';
    this.logger.warn(`Connect callback failed: ${(cause as Error)?.message ?? String(cause)}`);
    return 'provider_error';
  }

  private async recordFailure(provider: RuntimeProvider, flow: OAuthFlow, error: string, origin: RequestOrigin): Promise<void> {
    await this.audit.record({
      accountId: flow.accountId,
      integrationKey: provider.key,
      type: AuditEventType.ConnectFailed,
      actor: await this.actor(flow),
      origin,
      detail: `Connecting did not complete (${error}).`,
    });
  }

  private async actor(flow: OAuthFlow) {
    const user = await this.accounts.findUserSummary(flow.userId);
    return { userId: flow.userId, name: user?.name ?? null };
  }

  private complete(res: Response, flowId: string): void {
    res.redirect(303, `${this.settings.appUrl}/oauth/complete?flow=${encodeURIComponent(flowId)}`);
  }

  private sendPage(res: Response, status: number, title: string, message: string): void {
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(callbackErrorPage(title, message, this.settings.appUrl));
  }
}
