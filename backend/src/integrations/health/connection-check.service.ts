import { Injectable } from '@nestjs/common';
import { UserCaller } from '../../auth/auth-user';
import { RequestOrigin } from '../../common/request-origin.decorator';
import { ConnectionsService } from '../connections/connections.service';
import { IntegrationError, IntegrationException } from '../integration.exception';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { ConnectionHealthResponse, toHealthResponse } from '../connections/connection-health.response';
import { ConnectionHealthService, HealthReport } from '../connections/connection-health.service';
import { describeProviderFailure, isRejectedAccessToken } from '../connections/provider-failure';

/**
 * "Test connection": asks the provider who the stored token belongs to, through the same runtime and
 * profile call the connect flow uses (refreshing the token first when due), and records what it learnt.
 */
@Injectable()
export class ConnectionCheckService {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly connections: ConnectionsService,
    private readonly health: ConnectionHealthService,
  ) {}

  async test(caller: UserCaller, key: string, origin: RequestOrigin): Promise<ConnectionHealthResponse> {
    const provider = this.providers.get(key);
    const report = await this.probe(caller.accountId, key);
    // A refresh that failed during the probe has recorded its own outcome already.
    if (report)
      await this.health.report(caller.accountId, key, report, { actor: { userId: caller.id, name: caller.name }, origin });
    const connection = await this.connections.find(caller.accountId, key);
    if (!connection) throw new IntegrationException(IntegrationError.NotConnected);
    return toHealthResponse(connection, provider.definition.refresh);
  }

  private async probe(accountId: string, key: string): Promise<HealthReport | null> {
    let accessToken: string;
    try {
      accessToken = await this.connections.accessToken(accountId, key);
    } catch (error) {
      const recorded =
        error instanceof IntegrationException &&
        (error.code === IntegrationError.ReauthRequired || error.code === IntegrationError.ProviderUnavailable);
      if (recorded) return null;
      throw error;
    }
    const provider = this.providers.get(key);
    try {
      await provider.fetchProfile({ accessToken, raw: {} });
      return { state: 'healthy' };
    } catch (error) {
      const reason = describeProviderFailure(error);
      const signIn = provider.definition.signInOnlyToken;
      if (signIn && isRejectedAccessToken(error)) return { state: 'degraded', reason: signIn.refusedReason };
      // A token the provider refuses right after it was (if due) refreshed means the grant was revoked there.
      if (isRejectedAccessToken(error)) {
        return {
          state: 'reauth_required',
          reason: `The provider refused the stored access token. ${reason} Reconnect to grant access again.`,
        };
      }
      return { state: 'degraded', reason: `The provider's identity check failed. ${reason}` };
    }
  }
}
