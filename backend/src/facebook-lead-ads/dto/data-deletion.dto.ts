import { ApiProperty } from '@nestjs/swagger';
import type { DataDeletionReceipt, DataDeletionStatus } from '../data-deletion/facebook-data-deletion.service';

/** Meta's expected answer to a Data Deletion Request callback. */
export class DataDeletionReceiptResponse implements DataDeletionReceipt {
  @ApiProperty({ description: 'Public page where the user can check the deletion', format: 'uri' }) url!: string;
  @ApiProperty({ description: 'Code Facebook shows the user for this request' }) confirmation_code!: string;
}

export class DataDeletionStatusResponse implements DataDeletionStatus {
  @ApiProperty() confirmationCode!: string;
  @ApiProperty({ enum: ['completed'] }) status!: 'completed';
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
  @ApiProperty({ description: 'What was deleted, in plain words' }) message!: string;
}
