import { randomUUID } from 'node:crypto';
import type { PersistentSlice } from '../core/persistence';
import { randomToken, sha256Base64Url, tokenHint } from '../core/secrets';

/** Everything issued from one authorization: revoking it revokes every token of the family. */
export interface Grant {
  readonly id: string;
  readonly providerKey: string;
  readonly clientId: string;
  readonly scope: readonly string[];
  revoked: boolean;
}

export type TokenKind = 'access' | 'refresh' | 'page';
export type TokenStatus = 'active' | 'expired' | 'revoked';

export interface TokenRecord {
  readonly kind: TokenKind;
  readonly grant: Grant;
  /** Epoch ms; null = does not expire (refresh and page tokens). Tests may expire it early. */
  expiresAt: number | null;
  readonly hint: string;
  /** Set for page tokens only. */
  readonly pageId: string | null;
  /** A rotated refresh token is revoked too. */
  revoked: boolean;
  /** Spent by a refresh: presenting it again is reuse (RFC 9700 §4.14.2) and kills the whole grant. */
  rotated: boolean;
}

export interface AuthorizationCode {
  readonly providerKey: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: readonly string[];
  readonly codeChallenge: string | null;
  readonly expiresAt: number;
  redeemed: boolean;
  /** The grant issued from this code, revoked if the code is presented again (RFC 6749 §4.1.2). */
  grant: Grant | null;
}

export type NewAuthorizationCode = Omit<AuthorizationCode, 'redeemed' | 'grant'>;

/** Grants are shared by reference in memory and by id in a snapshot. */
interface TokenSnapshot {
  grants: Grant[];
  codes: [hash: string, code: Omit<AuthorizationCode, 'grant'> & { grant: string | null }][];
  tokens: [hash: string, token: Omit<TokenRecord, 'grant'> & { grant: string }][];
  pageTokens: [key: string, value: string][];
}

/** Codes and tokens are kept by their SHA-256 only, as a real server would store them. */
export class TokenStore implements PersistentSlice {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly tokens = new Map<string, TokenRecord>();
  private grants: Grant[] = [];
  private readonly pageTokens = new Map<string, string>();

  issueCode(code: NewAuthorizationCode): string {
    const value = randomToken('sbx_ac_');
    this.codes.set(sha256Base64Url(value), { ...code, redeemed: false, grant: null });
    return value;
  }

  findCode(value: string): AuthorizationCode | undefined {
    return this.codes.get(sha256Base64Url(value));
  }

  createGrant(providerKey: string, clientId: string, scope: readonly string[]): Grant {
    const grant: Grant = { id: randomUUID(), providerKey, clientId, scope, revoked: false };
    this.grants.push(grant);
    return grant;
  }

  issue(grant: Grant, kind: 'access' | 'refresh', ttlSeconds: number | null): string {
    const value = randomToken(kind === 'access' ? 'sbx_at_' : 'sbx_rt_');
    const expiresAt = ttlSeconds === null ? null : Date.now() + ttlSeconds * 1000;
    this.tokens.set(sha256Base64Url(value), {
      kind,
      grant,
      expiresAt,
      hint: tokenHint(value),
      pageId: null,
      revoked: false,
      rotated: false,
    });
    return value;
  }

  /** Stable per grant and page, like Facebook's page tokens derived from one user token. */
  pageToken(grant: Grant, pageId: string): string {
    const key = `${grant.id}:${pageId}`;
    const existing = this.pageTokens.get(key);
    if (existing) return existing;
    const value = randomToken('sbx_pt_');
    this.pageTokens.set(key, value);
    this.tokens.set(sha256Base64Url(value), {
      kind: 'page',
      grant,
      expiresAt: null,
      hint: tokenHint(value),
      pageId,
      revoked: false,
      rotated: false,
    });
    return value;
  }

  find(value: string): TokenRecord | undefined {
    return this.tokens.get(sha256Base64Url(value));
  }

  status(record: TokenRecord): TokenStatus {
    if (record.revoked || record.grant.revoked) return 'revoked';
    return record.expiresAt !== null && record.expiresAt <= Date.now() ? 'expired' : 'active';
  }

  /** Ends the life of every active access token of a provider now, as if an hour had passed; returns how many. */
  expireAccessTokens(providerKey: string): number {
    const now = Date.now();
    let expired = 0;
    for (const record of this.tokens.values()) {
      if (record.kind !== 'access' || record.grant.providerKey !== providerKey || this.status(record) !== 'active') continue;
      record.expiresAt = now;
      expired++;
    }
    return expired;
  }

  /**
   * Invalidates every live token of one Page (Graph answers 190 to it from now on) and forgets it, so
   * the next page listing hands out a fresh one, as Facebook does; returns how many died.
   */
  revokePageTokens(providerKey: string, pageId: string): number {
    let revoked = 0;
    for (const [key, value] of this.pageTokens) {
      const record = this.find(value);
      if (!record || record.pageId !== pageId || record.grant.providerKey !== providerKey) continue;
      this.pageTokens.delete(key);
      if (this.status(record) !== 'active') continue;
      record.revoked = true;
      revoked++;
    }
    return revoked;
  }

  listGrants(): readonly Grant[] {
    return this.grants;
  }

  /** Revokes every grant of a provider (its single sandbox user) and returns them. */
  revokeProvider(providerKey: string): Grant[] {
    const revoked = this.grants.filter((grant) => grant.providerKey === providerKey && !grant.revoked);
    for (const grant of revoked) grant.revoked = true;
    return revoked;
  }

  toJSON(): TokenSnapshot {
    return {
      grants: this.grants,
      codes: [...this.codes].map(([hash, code]) => [hash, { ...code, grant: code.grant?.id ?? null }]),
      tokens: [...this.tokens].map(([hash, token]) => [hash, { ...token, grant: token.grant.id }]),
      pageTokens: [...this.pageTokens],
    };
  }

  restore(data: unknown): void {
    const snapshot = data as TokenSnapshot;
    this.grants = snapshot.grants.map((grant) => ({ ...grant }));
    const grants = new Map(this.grants.map((grant) => [grant.id, grant]));
    const grantOf = (id: string): Grant => {
      const grant = grants.get(id);
      if (!grant) throw new Error(`token store snapshot names unknown grant ${id}`);
      return grant;
    };
    this.codes.clear();
    for (const [hash, code] of snapshot.codes) {
      this.codes.set(hash, { ...code, grant: code.grant === null ? null : grantOf(code.grant) });
    }
    this.tokens.clear();
    for (const [hash, token] of snapshot.tokens) this.tokens.set(hash, { ...token, grant: grantOf(token.grant) });
    this.pageTokens.clear();
    for (const [key, value] of snapshot.pageTokens) this.pageTokens.set(key, value);
  }
}
