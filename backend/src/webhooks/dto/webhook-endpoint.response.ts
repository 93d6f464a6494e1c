import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES, EventType } from '../../events/event-type.enum';
import { WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity';

export class WebhookEndpointResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType', isArray: true, description: 'Empty = every type.' })
  eventTypes!: EventType[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why the app disabled the endpoint (after failed retries).' })
  disabledReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) secretRotatedAt!: string | null;
}

export class WebhookEndpointListResponse {
  @ApiProperty({ type: [WebhookEndpointResponse] }) data!: WebhookEndpointResponse[];
}

export class CreatedWebhookEndpointResponse {
  @ApiProperty({ type: WebhookEndpointResponse }) endpoint!: WebhookEndpointResponse;
  @ApiProperty({ description: 'The signing secret, shown this once.', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  secret!: string;
}

export class RotatedSecretResponse {
  @ApiProperty({ description: 'The new signing secret, shown this once; the old one keeps signing for 24 hours.' })
  secret!: string;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The logged event; null for a test message.' })
  eventId!: string | null;
  @ApiProperty({ example: 'connection.connected', description: 'An event type, or webhook.test.' }) eventType!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: 'pending' | 'delivered' | 'failed';
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) lastStatusCode!: number | null;
  @ApiProperty({ type: Number, nullable: true }) lastDurationMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class WebhookDeliveryListResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse] }) data!: WebhookDeliveryResponse[];
}

export class QueuedDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function toWebhookEndpointResponse(endpoint: WebhookEndpoint): WebhookEndpointResponse {
  return {
    id: endpoint.id,
    url: endpoint.url,
    eventTypes: JSON.parse(endpoint.eventTypes) as EventType[],
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt.toISOString(),
    secretRotatedAt: iso(endpoint.secretRotatedAt),
  };
}

export function toWebhookDeliveryResponse(delivery: WebhookDelivery): WebhookDeliveryResponse {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    lastAttemptAt: iso(delivery.lastAttemptAt),
    lastStatusCode: delivery.lastStatusCode,
    lastDurationMs: delivery.lastDurationMs,
    lastError: delivery.lastError,
    nextAttemptAt: iso(delivery.nextAttemptAt),
    createdAt: delivery.createdAt.toISOString(),
  };
}
