import { Repository } from 'typeorm';
import { Connection } from '../integrations/connections/connection.entity';
import { ConnectionsService } from '../integrations/connections/connections.service';
import { ProviderHttpClient, ProviderUnreachableError } from '../integrations/providers/provider-http.client';
import { RuntimeProvider } from '../integrations/providers/runtime-provider';
import { ApiResponse, DeliveryFailure, DestinationApi, DestinationDefinition } from './destination-definition';

export interface DestinationApiDeps {
  connections: ConnectionsService;
  connectionRows: Repository<Connection>;
  http: ProviderHttpClient;
}

function retryAfterSeconds(headers: Headers): number | null {
  const raw = headers.get('retry-after');
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * The `api` a destination's functions get for one account's connection: bearer calls with a token from
 * ConnectionsService (refreshed ahead of expiry under its lease), and on a 401 one forced refresh and retry,
 * because Google can refuse a token before the expiry it announced.
 */
export function destinationApi(
  deps: DestinationApiDeps,
  provider: RuntimeProvider,
  definition: DestinationDefinition,
  accountId: string,
): DestinationApi {
  const key = definition.integrationKey;
  const send = async (method: 'GET' | 'POST' | 'PUT', url: string, token: string, body: unknown): Promise<ApiResponse> => {
    try {
      const response = await deps.http.exchangeJson(method, url, token, body);
      return { status: response.status, body: response.body, retryAfterSeconds: retryAfterSeconds(response.headers) };
    } catch (error) {
      if (!(error instanceof ProviderUnreachableError)) throw error;
      // A timed-out write may have landed; without an idempotency key at the provider it is not repeated.
      if (error.timedOut && method !== 'GET') {
        throw new DeliveryFailure(
          'unconfirmed',
          `${provider.definition.name} did not answer in time; it may or may not have received this.`,
        );
      }
      throw new DeliveryFailure('retry', `${provider.definition.name} could not be reached; retrying.`);
    }
  };
  return {
    baseUrl(service) {
      const base = definition.apiBases[service];
      if (!base) throw new Error(`${key} declares no API base named ${service}`);
      return provider.settings.mode === 'sandbox' ? `${provider.context.apiBaseUrl}${base.sandboxPath}` : base.real;
    },
    async call(method, url, body) {
      const token = await deps.connections.accessToken(accountId, key);
      const first = await send(method, url, token, body);
      if (first.status !== 401) return first;
      // Marks the stored token as expired so the next accessToken() refreshes it under the usual lease.
      await deps.connectionRows
        .createQueryBuilder()
        .update(Connection)
        .set({ tokenExpiresAt: new Date() })
        .where('account_id = :accountId AND integration_key = :key AND refresh_token_enc IS NOT NULL', { accountId, key })
        .execute();
      const fresh = await deps.connections.accessToken(accountId, key);
      if (fresh === token) return first;
      return send(method, url, fresh, body);
    },
  };
}
