import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import type { AuthUser } from '../../auth/auth-user';
import type { RequestOrigin } from '../../common/request-origin.decorator';
import { MetricsService } from '../../metrics/metrics.service';
import { Connection } from '../connections/connection.entity';
import { ConnectionsService, FreshToken } from '../connections/connections.service';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { RuntimeProvider } from '../providers/runtime-provider';
import { callerActor, withReauthReason } from './caller-actor';
import { ConnectionUsageService } from './connection-usage.service';
import { ProxyError, ProxyException } from './proxy.exception';
import { forwardedHeaders, isForeignRedirect, returnedHeaders, targetUrl } from './proxy-request';
import { proxyConfig } from './proxy.config';

export interface ProxyCall {
  caller: AuthUser;
  key: string;
  method: string;
  /** What follows `/proxy` in the request target, query included. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
  origin: RequestOrigin;
}

export interface ProxyAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Forwards a service's call to the connected provider's API as the connection: a fresh bearer token in
 * place of the caller's credentials, one refresh and retry when the provider says 401, the provider's
 * answer relayed as it came. Every call is counted on the connection and shows in the metrics.
 */
@Injectable()
export class ProviderProxyService {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly connections: ConnectionsService,
    private readonly usage: ConnectionUsageService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    @Inject(proxyConfig.KEY) private readonly settings: ConfigType<typeof proxyConfig>,
  ) {}

  async forward(call: ProxyCall): Promise<ProxyAnswer> {
    const provider = this.providers.get(call.key);
    const stopTimer = this.metrics.proxyDuration.startTimer({ provider: provider.key });
    let status = 500;
    try {
      const answer = await this.forwardTo(provider, call);
      status = answer.status;
      return answer;
    } catch (error) {
      status = (error as { status?: unknown }).status === undefined ? 500 : Number((error as { status: number }).status);
      throw error;
    } finally {
      stopTimer();
      this.metrics.proxyCalls.inc({ provider: provider.key, status: String(status) });
    }
  }

  private async forwardTo(provider: RuntimeProvider, call: ProxyCall): Promise<ProxyAnswer> {
    const { accountId } = call.caller;
    const first = await withReauthReason(this.audit, accountId, call.key, () => this.connections.freshToken(accountId, call.key));
    const target = this.target(provider, first.connection, call.path);
    let outcome: string | null = null;
    try {
      let token: FreshToken = first;
      let response = await this.send(provider, target, call, token.accessToken);
      if (response.status === 401) {
        // Expired or revoked before its stored expiry: one refresh (shared by concurrent callers), one retry.
        const renewed = await withReauthReason(this.audit, accountId, call.key, () =>
          this.connections.forceRefresh(accountId, call.key, token.accessToken),
        );
        if (renewed.accessToken !== token.accessToken) {
          await response.body?.cancel();
          token = renewed;
          response = await this.send(provider, target, call, token.accessToken);
        }
      }
      const answer = await this.read(provider, target, response);
      if (answer.status >= 400) outcome = `${provider.definition.name} answered HTTP ${answer.status}`;
      return answer;
    } catch (error) {
      outcome = error instanceof ProxyException ? error.message : 'The call failed before the provider answered.';
      throw error;
    } finally {
      await this.recordUse(first.connection, call, outcome);
    }
  }

  /** Salesforce-like providers: the host the token response named; others: the configured API base. */
  private target(provider: RuntimeProvider, connection: Connection, path: string): URL {
    const base = connection.instanceUrl ?? provider.settings.apiBaseUrl;
    if (!base) throw new ProxyException(ProxyError.NoApiBase);
    const target = targetUrl(base, path.startsWith('/') ? path : `/${path}`);
    if (typeof target === 'string') throw new ProxyException(ProxyError.InvalidPath);
    return target;
  }

  private async send(provider: RuntimeProvider, target: URL, call: ProxyCall, accessToken: string): Promise<Response> {
    const hasBody = call.body !== undefined && call.body.length > 0 && call.method !== 'GET';
    try {
      return await fetch(target, {
        method: call.method,
        headers: { ...forwardedHeaders(call.headers), Authorization: `Bearer ${accessToken}` },
        body: hasBody ? new Uint8Array(call.body as Buffer) : undefined,
        // Never followed: a redirect to another host would carry the bearer token there.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      throw this.failure(provider, error);
    }
  }

  private async read(provider: RuntimeProvider, target: URL, response: Response): Promise<ProxyAnswer> {
    if (response.status >= 300 && response.status < 400 && isForeignRedirect(response.headers.get('location'), target)) {
      await response.body?.cancel();
      throw new ProxyException(
        ProxyError.ForeignRedirect,
        `${provider.definition.name} redirected to another host; the proxy does not follow it.`,
      );
    }
    try {
      const body = Buffer.from(await response.arrayBuffer());
      return { status: response.status, headers: returnedHeaders(response.headers), body };
    } catch (error) {
      throw this.failure(provider, error);
    }
  }

  private failure(provider: RuntimeProvider, error: unknown): ProxyException {
    const name = provider.definition.name;
    if ((error as Error)?.name === 'TimeoutError') {
      return new ProxyException(ProxyError.ProviderTimeout, `${name} did not answer within ${this.settings.timeoutMs} ms.`);
    }
    return new ProxyException(ProxyError.ProviderUnreachable, `${name} could not be reached.`);
  }

  /** Counts the call; the first call in a minute also goes to the audit log (method and status, never bodies). */
  private async recordUse(connection: Connection, call: ProxyCall, outcome: string | null): Promise<void> {
    await this.usage.count(connection.id, outcome);
    if (!(await this.usage.claimAudit(connection.id))) return;
    const actor = callerActor(call.caller);
    await this.audit.record({
      accountId: connection.accountId,
      integrationKey: connection.integrationKey,
      type: AuditEventType.ProxyUsed,
      actor,
      origin: call.origin,
      detail: `${call.method} by ${actor.name} through the proxy${outcome ? `: ${outcome}` : ''} (one entry a minute at most)`,
    });
  }
}
