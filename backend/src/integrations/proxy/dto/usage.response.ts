import { ApiProperty } from '@nestjs/swagger';
import type { UsageView } from '../connection-usage.service';

/** How services use the connection through the proxy. */
export class ConnectionUsageResponse {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
  @ApiProperty({ description: 'Proxy calls since 00:00 UTC.' }) callsToday!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The last failed call in words; null after a success.' }) lastError!:
    string | null;
}

export function toUsageResponse(usage: UsageView): ConnectionUsageResponse {
  return { lastUsedAt: usage.lastUsedAt?.toISOString() ?? null, callsToday: usage.callsToday, lastError: usage.lastError };
}
