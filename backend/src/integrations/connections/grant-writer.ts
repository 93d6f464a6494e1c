import { ExternalAccount, TokenSet } from '../catalog';
import { Connection } from './connection.entity';
import { TokenCipher, TokenContext } from './token-cipher';

export interface PlainTokens {
  accessToken: string;
  refreshToken?: string;
}

export interface GrantToSave {
  accountId: string;
  integrationKey: string;
  connectedBy: { id: string; name: string };
  external: ExternalAccount;
  tokens: TokenSet;
  requestedScopes: string[];
  /** A reconnect: a stored connection of another external account is left as it is (see {@link GrantOutcome}). */
  sameAccountOnly?: boolean;
}

export interface SavedGrant {
  connection: Connection;
  /** The connected grant this one overwrote, for the caller to give back; null when there was none. */
  replaced: PlainTokens | null;
  /** Whose grant `replaced` was: the same external account means the same grant at some providers. */
  replacedExternalAccountId: string | null;
}

/** A reconnect that signed in as someone else stores nothing; the connection's own account is named. */
export interface AccountMismatch {
  mismatch: { connectedAs: string };
}

export type GrantOutcome = SavedGrant | AccountMismatch;

/** The columns a new grant writes, tokens encrypted and bound to their account, integration and field. */
export function grantValues(cipher: TokenCipher, grant: GrantToSave, instanceUrl: string | undefined): Partial<Connection> {
  const now = new Date();
  const context = (field: TokenContext['field']): TokenContext => ({
    accountId: grant.accountId,
    integrationKey: grant.integrationKey,
    field,
  });
  return {
    status: 'connected',
    externalAccountId: grant.external.id.slice(0, 255),
    externalAccountName: grant.external.name.slice(0, 255),
    scopes: (grant.tokens.scopes ?? grant.requestedScopes).join(' '),
    accessTokenEnc: cipher.encrypt(grant.tokens.accessToken, context('access_token')),
    refreshTokenEnc: grant.tokens.refreshToken ? cipher.encrypt(grant.tokens.refreshToken, context('refresh_token')) : null,
    tokenExpiresAt: grant.tokens.expiresIn ? new Date(now.getTime() + grant.tokens.expiresIn * 1000) : null,
    instanceUrl: instanceUrl ?? null,
    refreshLeaseUntil: null,
    // A new grant starts healthy, whatever ailed the one it replaces.
    healthState: 'healthy' as const,
    healthReason: null,
    healthCheckedAt: now,
    refreshFailures: 0,
    nextRefreshAt: null,
    connectedAt: now,
    connectedByUserId: grant.connectedBy.id,
    connectedByName: grant.connectedBy.name.slice(0, 200),
    updatedAt: now,
  };
}
