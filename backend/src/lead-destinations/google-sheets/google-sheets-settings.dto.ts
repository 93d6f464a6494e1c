import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { LeadFilterDto } from '../destination-definition';

/** `answer:<question key>` picks one custom answer; the rest are the lead's own fields. */
export const SHEET_FIELDS = ['receivedAt', 'name', 'email', 'phone', 'form', 'source', 'adId', 'contactUrl'] as const;
const FIELD_PATTERN = new RegExp(`^(${SHEET_FIELDS.join('|')}|answer:[A-Za-z0-9_.-]{1,100})$`);

export class SheetColumnDto {
  @ApiProperty({ example: 'Name' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  header!: string;

  @ApiProperty({ example: 'name', description: `One of ${SHEET_FIELDS.join(', ')} or answer:<question key>` })
  @IsString()
  @Matches(FIELD_PATTERN, { message: `field must be one of ${SHEET_FIELDS.join(', ')} or answer:<question key>` })
  field!: string;
}

/** Which spreadsheet and sheet get one row per lead, with which columns. */
export class GoogleSheetsSettingsDto extends LeadFilterDto {
  @ApiProperty({ example: '1LeadsSandboxSheet0000001' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{10,100}$/, { message: 'spreadsheetId must be a Google spreadsheet id' })
  spreadsheetId!: string;

  @ApiPropertyOptional({ example: 'Leads 2026' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  spreadsheetName?: string;

  @ApiProperty({ example: 'Sheet1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  sheetName!: string;

  @ApiProperty({ type: () => [SheetColumnDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SheetColumnDto)
  columns!: SheetColumnDto[];
}

/** The defaults: Received at, Name, E-mail, Phone, Form, Source (custom answers are added per form). */
export const DEFAULT_COLUMNS: SheetColumnDto[] = [
  { header: 'Received at', field: 'receivedAt' },
  { header: 'Name', field: 'name' },
  { header: 'E-mail', field: 'email' },
  { header: 'Phone', field: 'phone' },
  { header: 'Form', field: 'form' },
  { header: 'Source', field: 'source' },
];
