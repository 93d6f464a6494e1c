import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FLOW_STATUSES, FlowStatus, OAuthFlow } from '../oauth-flow.entity';

export class StartedFlowResponse {
  @ApiProperty({ format: 'uuid' }) flowId!: string;
  @ApiProperty({ description: 'Open this in the popup.' }) authorizeUrl!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class FlowResponse {
  @ApiProperty({ format: 'uuid' }) flowId!: string;
  @ApiProperty({ example: 'hubspot' }) integration!: string;
  @ApiProperty({ enum: FLOW_STATUSES, enumName: 'FlowStatus' }) status!: FlowStatus;
  @ApiPropertyOptional({ description: 'Why a flow failed, when it did.' }) error?: string;
  @ApiPropertyOptional({
    description:
      'A sentence for people about the failure, when the code alone cannot say it (account_mismatch names both accounts).',
  })
  message?: string;
}

export function toFlowResponse(flow: OAuthFlow): FlowResponse {
  return {
    flowId: flow.id,
    integration: flow.integrationKey,
    status: flow.status,
    ...(flow.error ? { error: flow.error } : {}),
    ...(flow.errorDetail ? { message: flow.errorDetail } : {}),
  };
}
