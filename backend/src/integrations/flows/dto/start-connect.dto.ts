import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, ValidateIf } from 'class-validator';

export class StartConnectDto {
  @ApiPropertyOptional({
    description:
      'Re-consent over a live connection (renew an expiring token, allow declined permissions). Without it a connected ' +
      'integration answers 409 already_connected. The provider must sign in as the same account.',
  })
  // Absent is fine; null is not a boolean (IsOptional would let it through).
  @ValidateIf((_dto, value) => value !== undefined)
  @IsBoolean()
  reconnect?: boolean;
}
