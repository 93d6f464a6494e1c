import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RefreshKind } from '../catalog';
import { Connection, HEALTH_STATES, HealthState } from './connection.entity';

/** A token that cannot be refreshed is flagged this long before it dies, so an admin can reconnect in time. */
export const EXPIRY_WARNING_MS = 7 * 24 * 3600_000;

export class ConnectionHealthResponse {
  @ApiProperty({ enum: HEALTH_STATES, enumName: 'HealthState' }) state!: HealthState;
  @ApiProperty({ format: 'date-time', description: 'When the health was last observed (a check, a refresh, a use).' })
  checkedAt!: string;
  @ApiPropertyOptional({ description: 'Why the connection is not healthy, in plain words.' }) lastError?: string;
  @ApiPropertyOptional({ format: 'date-time' }) tokenExpiresAt?: string;
  @ApiProperty({
    description:
      'Whether the scheduled refresh renews the token; false for providers without refresh tokens (Slack bot tokens, Facebook).',
  })
  autoRefresh!: boolean;
}

/** `refreshTokenEnc` is read only to learn whether there is one; it never leaves the server. */
export type HealthColumns = Pick<
  Connection,
  'status' | 'healthState' | 'healthReason' | 'healthCheckedAt' | 'tokenExpiresAt' | 'updatedAt' | 'refreshTokenEnc'
>;

/** What the catalog reads per connection: the status and health of each card. */
export type ConnectionSummary = HealthColumns & Pick<Connection, 'integrationKey'>;

export const SUMMARY_COLUMNS = [
  'integrationKey',
  'status',
  'healthState',
  'healthReason',
  'healthCheckedAt',
  'tokenExpiresAt',
  'updatedAt',
  'refreshTokenEnc',
] as const satisfies readonly (keyof ConnectionSummary)[];

/**
 * The stored health, plus one derived warning: a token that nothing can renew (no refresh token) and
 * that expires within a week is `degraded`: it works until then, but only a reconnect renews it.
 */
export function toHealthResponse(connection: HealthColumns, refresh: RefreshKind, now = Date.now()): ConnectionHealthResponse {
  const state: HealthState = connection.status === 'reauth_required' ? 'reauth_required' : connection.healthState;
  const expiresAt = connection.tokenExpiresAt;
  const renewable = Boolean(connection.refreshTokenEnc);
  const expiringUnrenewable =
    state === 'healthy' && !renewable && expiresAt !== null && expiresAt.getTime() - now < EXPIRY_WARNING_MS;
  const lastError = expiringUnrenewable
    ? `The access token expires on ${expiresAt.toISOString().slice(0, 10)} and this provider issues no refresh token: reconnect before then.`
    : (connection.healthReason ?? undefined);
  return {
    state: expiringUnrenewable ? 'degraded' : state,
    checkedAt: (connection.healthCheckedAt ?? connection.updatedAt).toISOString(),
    ...(lastError ? { lastError } : {}),
    ...(expiresAt ? { tokenExpiresAt: expiresAt.toISOString() } : {}),
    autoRefresh: renewable && refresh !== 'none',
  };
}
