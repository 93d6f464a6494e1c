import { ApiProperty } from '@nestjs/swagger';
import type { LookupPage } from '../destination-definition';
import { LeadDelivery, type LeadDeliveryStatus } from '../entities/lead-delivery.entity';
import { LeadDestination } from '../entities/lead-destination.entity';

const SETTINGS_SCHEMA = { type: 'object', additionalProperties: true } as const;

export class LeadDestinationResponse {
  @ApiProperty({ example: 'slack' }) integrationKey!: string;
  /** False until an admin saved settings; `settings` then holds the defaults. */
  @ApiProperty() configured!: boolean;
  @ApiProperty({ ...SETTINGS_SCHEMA, example: { channelId: 'C0LEADS0001', channelName: '#leads' } })
  settings!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastDeliveredAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'The Slack channel #leads is gone or the app cannot see it.' })
  lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastErrorAt!: string | null;
}

export class LeadDeliveryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '1042' }) eventId!: string;
  @ApiProperty({ enum: ['pending', 'sending', 'delivered', 'skipped', 'unconfirmed'] }) status!: LeadDeliveryStatus;
  @ApiProperty({ example: 'Jane Doe' }) summary!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) nextAttemptAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class LookupItemResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '#leads' }) name!: string;
  @ApiProperty({ required: false }) detail?: string;
}

export class LookupPageResponse {
  @ApiProperty({ type: [LookupItemResponse] }) items!: LookupItemResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class TestDeliveryResponse {
  @ApiProperty({ example: true }) sent!: boolean;
}

export function toDestinationResponse(
  integrationKey: string,
  row: LeadDestination | null,
  defaults: Record<string, unknown>,
): LeadDestinationResponse {
  return {
    integrationKey,
    configured: row !== null,
    settings: row ? (JSON.parse(row.settings) as Record<string, unknown>) : defaults,
    lastDeliveredAt: row?.lastDeliveredAt?.toISOString() ?? null,
    lastError: row?.lastError ?? null,
    lastErrorAt: row?.lastErrorAt?.toISOString() ?? null,
  };
}

export function toDeliveryResponse(row: LeadDelivery): LeadDeliveryResponse {
  return {
    id: row.id,
    eventId: row.eventId,
    status: row.status,
    summary: row.summary,
    attempts: row.attempts,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toLookupResponse(page: LookupPage): LookupPageResponse {
  return page;
}
