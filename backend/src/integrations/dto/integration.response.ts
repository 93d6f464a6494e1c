import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditEvent } from '../../audit/audit-event.entity';
import { Connection } from '../connections/connection.entity';
import { OAuthFlow } from '../flows/oauth-flow.entity';
import { RuntimeProvider } from '../oauth/provider-registry.service';

export type IntegrationStatus = 'connected' | 'disconnected' | 'reauth_required';

export class IntegrationSummaryResponse {
  @ApiProperty({ example: 'hubspot' }) key!: string;
  @ApiProperty({ example: 'HubSpot' }) name!: string;
  @ApiProperty({ example: 'CRM' }) category!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: '/api/v1/integrations/hubspot/icon.svg' }) icon!: string;
  @ApiProperty({ enum: ['connected', 'disconnected', 'reauth_required'] }) status!: IntegrationStatus;
  @ApiProperty({ description: 'False when neither credentials nor the sandbox make it connectable.' }) configured!: boolean;
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
  @ApiProperty() connectedAt!: string;
  @ApiProperty({ type: UserRefResponse }) connectedBy!: UserRefResponse;
}

export class IntegrationDetailResponse extends IntegrationSummaryResponse {
  @ApiProperty({ type: ConnectionResponse, nullable: true }) connection!: ConnectionResponse | null;
}

export class StartedFlowResponse {
  @ApiProperty() flowId!: string;
  @ApiProperty({ description: 'Open this in the popup.' }) authorizeUrl!: string;
  @ApiProperty() expiresAt!: string;
}

export class FlowResponse {
  @ApiProperty() flowId!: string;
  @ApiProperty() integration!: string;
  @ApiProperty({ enum: ['pending', 'connected', 'denied', 'failed', 'expired'] }) status!: OAuthFlow['status'];
  @ApiPropertyOptional() error?: string;
}

export class ActivityResponse {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: UserRefResponse, nullable: true }) actor!: UserRefResponse | null;
  @ApiPropertyOptional() detail?: string;
}

export function toIntegrationSummary(
  provider: RuntimeProvider,
  connection: Connection | null | undefined,
): IntegrationSummaryResponse {
  const { definition } = provider;
  return {
    key: definition.key,
    name: definition.name,
    category: definition.category,
    description: definition.description,
    icon: `/api/v1/integrations/${definition.key}/icon.svg`,
    status: connection ? connection.status : 'disconnected',
    configured: provider.configured,
  };
}

export function toIntegrationDetail(provider: RuntimeProvider, connection: Connection | null): IntegrationDetailResponse {
  return {
    ...toIntegrationSummary(provider, connection),
    connection: connection && {
      id: connection.id,
      externalAccount: { id: connection.externalAccountId, name: connection.externalAccountName },
      scopes: connection.scopes.split(' ').filter(Boolean),
      connectedAt: connection.connectedAt.toISOString(),
      connectedBy: { id: connection.connectedByUserId, name: connection.connectedByName },
    },
  };
}

export function toFlowResponse(flow: OAuthFlow): FlowResponse {
  return {
    flowId: flow.id,
    integration: flow.integrationKey,
    status: flow.status,
    ...(flow.error ? { error: flow.error } : {}),
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
