import { Injectable } from '@nestjs/common';
import { AuditEventType } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { RequestOrigin } from '../common/request-origin.decorator';
import { UserCaller } from '../auth/auth-user';
import { ConnectionsService } from './connections/connections.service';
import {
  ActivityResponse,
  IntegrationDetailResponse,
  IntegrationSummaryResponse,
  toActivityResponse,
  toIntegrationDetail,
  toIntegrationSummary,
} from './dto/integration.response';
import { ProviderRegistry } from './providers/provider-registry.service';
import { ConnectionUsageService } from './proxy/connection-usage.service';
import { RevocationService } from './revocation/revocation.service';

/** The catalog as one account sees it, and the disconnect that ends a connection. */
@Injectable()
export class IntegrationsService {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly connections: ConnectionsService,
    private readonly revocations: RevocationService,
    private readonly audit: AuditService,
    private readonly usage: ConnectionUsageService,
  ) {}

  async list(accountId: string): Promise<IntegrationSummaryResponse[]> {
    const connections = await this.connections.summariesForAccount(accountId);
    return this.providers.all().map((provider) => toIntegrationSummary(provider, connections.get(provider.key)));
  }

  async detail(accountId: string, key: string): Promise<IntegrationDetailResponse> {
    const provider = this.providers.get(key);
    const connection = await this.connections.find(accountId, key);
    return toIntegrationDetail(provider, connection, connection && (await this.usage.view(connection.id)));
  }

  async activity(accountId: string, key: string): Promise<ActivityResponse[]> {
    this.providers.get(key);
    return (await this.audit.listForIntegration(accountId, key)).map(toActivityResponse);
  }

  /**
   * Deletes the connection and its tokens first, then revokes at the provider: a provider outage parks
   * the revocation in the outbox and never keeps a connection the admin asked to remove.
   */
  async disconnect(caller: UserCaller, key: string, origin: RequestOrigin): Promise<void> {
    const provider = this.providers.get(key);
    const removed = await this.connections.find(caller.accountId, key);
    const tokens = await this.connections.remove(caller.accountId, key, caller.id);
    const actor = { userId: caller.id, name: caller.name };
    await this.audit.record({
      accountId: caller.accountId,
      integrationKey: key,
      type: AuditEventType.Disconnected,
      actor,
      origin,
    });
    // Tokens already dropped (the provider told us the user removed the app) have nothing left to revoke.
    if (!tokens) return;
    if (
      provider.definition.revokeEndsSharedGrant &&
      removed &&
      (await this.connections.isConnectedAs(key, removed.externalAccountId))
    ) {
      return;
    }
    await this.revocations.revokeOrQueue(caller.accountId, key, tokens, actor, origin);
  }
}
