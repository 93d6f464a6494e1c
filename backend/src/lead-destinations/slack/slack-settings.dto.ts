import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LeadFilterDto } from '../destination-definition';

/** Which Slack channel gets the lead alerts, and which leads. */
export class SlackSettingsDto extends LeadFilterDto {
  /** Slack's channel id (`C…`, `G…`), stable across renames. */
  @ApiProperty({ example: 'C0LEADS0001' })
  @IsString()
  @IsNotEmpty()
  @Matches(/^[A-Z0-9]{6,20}$/, { message: 'channelId must be a Slack channel id such as C0123456789' })
  channelId!: string;

  /** Shown in the content area and in plain-words errors. */
  @ApiPropertyOptional({ example: '#leads' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  channelName?: string;
}
