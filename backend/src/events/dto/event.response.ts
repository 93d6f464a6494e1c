import { ApiProperty } from '@nestjs/swagger';
import { LoggedEvent } from '../entities/event.entity';
import { EVENT_TYPES, EventType } from '../event-type.enum';

export class EventResponse {
  @ApiProperty({ description: 'Sortable: a later event has a greater id.', example: '1042' }) id!: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType' }) type!: EventType;
  @ApiProperty() accountId!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids and names; never tokens.' })
  data!: Record<string, unknown>;
}

export class EventPageResponse {
  @ApiProperty({ type: [EventResponse] }) data!: EventResponse[];
  @ApiProperty({ description: 'Pass as `after` to continue; it moves past events the filter left out.', example: '1042' })
  lastEventId!: string;
}

export function toEventResponse(event: LoggedEvent): EventResponse {
  return {
    id: event.id,
    type: event.type,
    accountId: event.accountId,
    occurredAt: event.occurredAt.toISOString(),
    data: JSON.parse(event.data) as Record<string, unknown>,
  };
}
