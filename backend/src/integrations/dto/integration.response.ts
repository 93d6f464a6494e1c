import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditEvent, AuditEventType, INTEGRATION_ACTIVITY_TYPES } from '../../audit/audit-event.entity';
import { clientSettingNames, INTEGRATION_CATEGORIES, IntegrationCategory, ProviderDefinition } from '../catalog';
import { Connection } from '../connections/connection.entity';
import { ConnectionHealthResponse, ConnectionSummary, toHealthResponse } from '../connections/connection-health.response';
import { integrationPath } from '../integration-urls';
import { RuntimeProvider } from '../providers/runtime-provider';
import type { UsageView } from '../proxy/connection-usage.service';
import { ConnectionUsageResponse, toUsageResponse } from '../proxy/dto/usage.response';

export const INTEGRATION_STATUSES = ['connected', 'disconnected', 'reauth_required'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

export class IntegrationSummaryResponse {
  @ApiProperty({ example: 'hubspot' }) key!: string;
  @ApiProperty({ example: 'HubSpot' }) name!: string;
  @ApiProperty({ enum: INTEGRATION_CATEGORIES, enumName: 'IntegrationCategory', example: 'CRM' }) category!: IntegrationCategory;
  @ApiProperty() description!: string;
  @ApiProperty({ example: '/api/v1/integrations/hubspot/icon.svg' }) icon!: string;
  @ApiProperty({ enum: INTEGRATION_STATUSES, enumName: 'IntegrationStatus' }) status!: IntegrationStatus;
  @ApiProperty({ description: 'False when neither credentials nor the sandbox make it connectable.' }) configured!: boolean;
  @ApiProperty({ type: ConnectionHealthResponse, nullable: true, description: 'Null when not connected.' })
  health!: ConnectionHealthResponse | null;
}

class ExternalAccountResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

class UserRefResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class ConnectionResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ type: ExternalAccountResponse }) externalAccount!: ExternalAccountResponse;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ format: 'date-time' }) connectedAt!: string;
  @ApiProperty({ type: UserRefResponse }) connectedBy!: UserRefResponse;
  @ApiProperty({ type: ConnectionUsageResponse }) usage!: ConnectionUsageResponse;
}

export class PermissionResponse {
  @ApiProperty({ example: 'crm.objects.contacts.read' }) scope!: string;
  @ApiProperty({ example: 'Read contacts in your HubSpot CRM', description: 'What the scope allows, in plain words.' })
  description!: string;
}

/** What an administrator of the installation sets up before an unconfigured provider can be connected. */
export class ProviderSetupResponse {
  @ApiProperty({ example: 'FACEBOOK_CLIENT_ID', description: "Setting that holds the OAuth app's client id." })
  clientIdEnv!: string;
  @ApiProperty({ example: 'FACEBOOK_APP_SECRET', description: "Setting that holds the OAuth app's client secret." })
  clientSecretEnv!: string;
  @ApiProperty({
    example: 'https://inbox.example.com/api/v1/integrations/facebook-lead-ads/callback',
    description: 'Redirect URI to register with the OAuth app at the provider.',
  })
  redirectUri!: string;
}

export class IntegrationDetailResponse extends IntegrationSummaryResponse {
  @ApiProperty({ type: [PermissionResponse], description: 'The scopes Connect asks for, each described.' })
  permissions!: PermissionResponse[];
  @ApiProperty({ type: ConnectionResponse, nullable: true }) connection!: ConnectionResponse | null;
  @ApiProperty({ type: ProviderSetupResponse, nullable: true, description: 'Null once the integration is configured.' })
  setup!: ProviderSetupResponse | null;
}

export class ActivityResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: INTEGRATION_ACTIVITY_TYPES, enumName: 'ActivityType' }) type!: AuditEventType;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: UserRefResponse, nullable: true }) actor!: UserRefResponse | null;
  @ApiPropertyOptional() detail?: string;
}

/** `connection`: the account's, when it has one. */
export function toIntegrationSummary(
  provider: RuntimeProvider,
  connection: ConnectionSummary | undefined | null,
): IntegrationSummaryResponse {
  const { definition } = provider;
  return {
    key: definition.key,
    name: definition.name,
    category: definition.category,
    description: definition.description,
    icon: integrationPath(definition.key, 'icon.svg'),
    status: connection?.status ?? 'disconnected',
    configured: provider.configured,
    health: connection ? toHealthResponse(connection, definition.refresh) : null,
  };
}

/** A scope the catalog does not describe (say, one a provider granted on its own) is shown as it is. */
export function describeScopes(definition: Pick<ProviderDefinition, 'scopeDescriptions'>, scopes: readonly string[]) {
  return scopes.map((scope) => ({
    scope,
    description: Object.hasOwn(definition.scopeDescriptions, scope) ? definition.scopeDescriptions[scope] : scope,
  }));
}

const NO_USAGE: UsageView = { lastUsedAt: null, callsToday: 0, lastError: null };

export function toIntegrationDetail(
  provider: RuntimeProvider,
  connection: Connection | null,
  usage: UsageView | null = null,
): IntegrationDetailResponse {
  return {
    ...toIntegrationSummary(provider, connection),
    permissions: describeScopes(provider.definition, provider.definition.scopes),
    connection: connection && {
      id: connection.id,
      externalAccount: { id: connection.externalAccountId, name: connection.externalAccountName },
      scopes: connection.scopes.split(' ').filter(Boolean),
      connectedAt: connection.connectedAt.toISOString(),
      connectedBy: { id: connection.connectedByUserId, name: connection.connectedByName },
      usage: toUsageResponse(usage ?? NO_USAGE),
    },
    setup: provider.configured ? null : { ...clientSettingNames(provider.definition), redirectUri: provider.redirectUri },
  };
}

export function toActivityResponse(event: AuditEvent): ActivityResponse {
  return {
    id: event.id,
    type: event.type,
    at: event.createdAt.toISOString(),
    actor: event.actorUserId ? { id: event.actorUserId, name: event.actorName ?? 'Unknown user' } : null,
    ...(event.detail ? { detail: event.detail } : {}),
  };
}
