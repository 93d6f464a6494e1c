import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { WebhookReceipt } from '../webhooks/facebook-webhooks.service';

/** Body of Facebook's deauthorize callback (form-encoded). */
export class DeauthorizeDto {
  @ApiProperty({ description: "Facebook's signed_request: <signature>.<payload>, both base64url." })
  @IsString()
  @MaxLength(8192)
  signed_request!: string;
}

export class DeauthorizeReceiptResponse {
  @ApiProperty({ enum: [true] }) received!: true;
}

export class WebhookReceiptResponse implements WebhookReceipt {
  @ApiProperty({ description: 'leadgen changes in the notification' }) leads!: number;
  @ApiProperty({ description: 'leads stored in the inbox for import (one per connected account; redeliveries included)' })
  accepted!: number;
  @ApiProperty({ description: 'leads of forms no connected account imports' }) ignored!: number;
}
