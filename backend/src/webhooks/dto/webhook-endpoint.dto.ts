import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { EVENT_TYPES, EventType } from '../../events/event-type.enum';

const EVENT_TYPES_MESSAGE = `eventTypes must be a list of: ${EVENT_TYPES.join(', ')}`;
const URL_DESCRIPTION =
  'Receives a POST per event. https and a public address are required in production; redirects are not followed.';

export class CreateWebhookEndpointDto {
  @ApiProperty({ description: URL_DESCRIPTION, example: 'https://hooks.example.com/aurora', maxLength: 2000 })
  @IsString({ message: 'url must be a URL' })
  @MaxLength(2000, { message: 'url must be at most 2000 characters' })
  url!: string;

  @ApiPropertyOptional({
    description: 'The event types to send; empty or left out = every type.',
    enum: EVENT_TYPES,
    enumName: 'EventType',
    isArray: true,
  })
  @IsOptional()
  @IsArray({ message: EVENT_TYPES_MESSAGE })
  @ArrayMaxSize(EVENT_TYPES.length, { message: EVENT_TYPES_MESSAGE })
  @ArrayUnique({ message: 'eventTypes must not repeat a type' })
  @IsEnum(EventType, { each: true, message: EVENT_TYPES_MESSAGE })
  eventTypes?: EventType[];
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ description: URL_DESCRIPTION, maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'url must be a URL' })
  @MaxLength(2000, { message: 'url must be at most 2000 characters' })
  url?: string;

  @ApiPropertyOptional({ enum: EVENT_TYPES, enumName: 'EventType', isArray: true })
  @IsOptional()
  @IsArray({ message: EVENT_TYPES_MESSAGE })
  @ArrayMaxSize(EVENT_TYPES.length, { message: EVENT_TYPES_MESSAGE })
  @ArrayUnique({ message: 'eventTypes must not repeat a type' })
  @IsEnum(EventType, { each: true, message: EVENT_TYPES_MESSAGE })
  eventTypes?: EventType[];

  @ApiPropertyOptional({ description: 'false stops deliveries (pending ones fail); true resumes and clears disabledReason.' })
  @IsOptional()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;
}
