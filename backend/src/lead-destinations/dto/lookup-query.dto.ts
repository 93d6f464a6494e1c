import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class LookupQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name to search for', example: 'leads' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  query?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;

  /** A spreadsheet id or pasted Google Sheets URL, for its sheets. */
  @ApiPropertyOptional({ description: 'A spreadsheet id or pasted Google Sheets link' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  id?: string;
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
