import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { EVENT_TYPES, EventType } from '../event-type.enum';

const LIMIT_MESSAGE = 'limit must be a whole number from 1 to 500';

export class ListEventsQuery {
  @ApiPropertyOptional({ description: 'Only events after this id (the `lastEventId` of the previous read).', example: '1042' })
  @IsOptional()
  @Matches(/^(0|[1-9][0-9]{0,18})$/, {
    message: 'after must be an event id (a whole number), e.g. the lastEventId of a previous read',
  })
  after?: string;

  @ApiPropertyOptional({
    description: 'Comma-separated event types to include; all types when left out.',
    enum: EVENT_TYPES,
    enumName: 'EventType',
    isArray: true,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsEnum(EventType, { each: true, message: `types must be a comma-separated list of: ${EVENT_TYPES.join(', ')}` })
  types?: EventType[];

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(500, { message: LIMIT_MESSAGE })
  limit?: number;
}
