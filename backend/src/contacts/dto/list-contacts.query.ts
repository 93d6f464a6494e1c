import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const DATE_MESSAGE = (field: string) => `${field} must be a date (2026-05-01) or an ISO 8601 date-time (2026-05-01T09:30:00Z)`;

export class ListContactsQuery {
  @ApiPropertyOptional({ example: 'ada', description: 'Name or e-mail starting with it, a word of the name, or phone digits.' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;

  @ApiPropertyOptional({ example: 'facebook-lead-ads', description: 'Only contacts that first came from this source.' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'source must be a source key such as facebook-lead-ads' })
  source?: string;

  @ApiPropertyOptional({ example: '2026-05-01', description: 'Contacts first seen on or after this date (UTC).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('from') })
  from?: string;

  @ApiPropertyOptional({ example: '2026-05-31', description: 'Contacts first seen on or before this date (the whole day, UTC).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('to') })
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit?: number;
}
