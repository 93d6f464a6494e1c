import { Injectable } from '@nestjs/common';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import type { ApiKeyCaller } from '../../auth/auth-user';
import type { RequestOrigin } from '../../common/request-origin.decorator';
import { ConnectionsService } from '../connections/connections.service';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { callerActor, withReauthReason } from './caller-actor';
import { CredentialsResponse } from './dto/credentials.response';

/** A service that holds the token itself gets one it can use for a while, not one about to expire. */
const MIN_VALIDITY_SECONDS = 300;

@Injectable()
export class CredentialsService {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly connections: ConnectionsService,
    private readonly audit: AuditService,
  ) {}

  /** Every read is audited with the key's name, so an admin sees which service holds the token. */
  async read(caller: ApiKeyCaller, key: string, origin: RequestOrigin): Promise<CredentialsResponse> {
    const provider = this.providers.get(key);
    const fresh = await withReauthReason(this.audit, caller.accountId, key, () =>
      this.connections.freshToken(caller.accountId, key, MIN_VALIDITY_SECONDS),
    );
    const { connection } = fresh;
    await this.audit.record({
      accountId: caller.accountId,
      integrationKey: key,
      type: AuditEventType.CredentialsRead,
      actor: callerActor(caller),
      origin,
      detail: `Access token handed to API key "${caller.name}"`,
    });
    const instanceUrl = connection.instanceUrl ?? (provider.definition.instanceUrl ? provider.settings.apiBaseUrl : undefined);
    return {
      accessToken: fresh.accessToken,
      expiresAt: fresh.expiresAt?.toISOString() ?? null,
      scopes: connection.scopes.split(' ').filter(Boolean),
      externalAccount: { id: connection.externalAccountId, name: connection.externalAccountName },
      ...(instanceUrl && { instanceUrl }),
    };
  }
}
