import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditEventType } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import { isUniqueViolation } from '../../common/database-errors';
import { plainSelect } from '../../common/plain-select';
import { inRetriedTransaction, inTransaction } from '../../common/transactions';
import { EventsService } from '../../events/events.service';
import { TokenSet } from '../catalog';
import { IntegrationError, IntegrationException } from '../integration.exception';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { connectedEvent, disconnectedEvent } from './connection-events';
import { SUMMARY_COLUMNS, type ConnectionSummary } from './connection-health.response';
import { ConnectionHealthService } from './connection-health.service';
import { GrantOutcome, GrantToSave, grantValues, PlainTokens, SavedGrant } from './grant-writer';
import { Connection, FORGOTTEN_TOKEN } from './connection.entity';
import { TokenCipher } from './token-cipher';
import { TOKEN_CIPHER } from './token-cipher.provider';
import { TokenRefreshService } from './token-refresh.service';

export type { AccountMismatch, GrantOutcome, GrantToSave, PlainTokens, SavedGrant } from './grant-writer';

/** A usable access token and the connection row it was read (or refreshed) with. */
export interface FreshToken {
  accessToken: string;
  expiresAt: Date | null;
  connection: Connection;
}

type Acceptable = (row: Connection, tokens: PlainTokens) => boolean;

/** Refresh this long before expiry so a request never starts with a token about to die. */
const REFRESH_MARGIN_MS = 60_000;
/** First connects that raced each other's insert run again; each round one of them wins. */
const MAX_INSERT_ROUNDS = 5;

@Injectable()
export class ConnectionsService {
  constructor(
    @InjectRepository(Connection) private readonly connections: Repository<Connection>,
    @Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher,
    private readonly providers: ProviderRegistry,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly refresher: TokenRefreshService,
    private readonly health: ConnectionHealthService,
  ) {}

  /** With `refreshTokenEnc` (still encrypted), so callers can tell whether the token can be renewed. */
  find(accountId: string, integrationKey: string): Promise<Connection | null> {
    return this.connections
      .createQueryBuilder('c')
      .addSelect('c.refreshTokenEnc')
      .where('c.account_id = :accountId AND c.integration_key = :integrationKey', { accountId, integrationKey })
      .getOne();
  }

  /** Each connected integration's status and health, for the catalog: only the columns the cards show. */
  async summariesForAccount(accountId: string): Promise<Map<string, ConnectionSummary>> {
    const rows = await plainSelect(this.connections, SUMMARY_COLUMNS, 'account_id = ?', [accountId]);
    return new Map(rows.map((row) => [row.integrationKey, row]));
  }

  /** Every account connected to one external account (Facebook's deauthorize callback names only the user). */
  findByExternalAccount(integrationKey: string, externalAccountId: string): Promise<Connection[]> {
    return this.connections.find({ where: { integrationKey, externalAccountId } });
  }

  /** Some account is connected as this external user: where revoking ends the whole grant, it must not be revoked. */
  async isConnectedAs(integrationKey: string, externalAccountId: string): Promise<boolean> {
    const connections = await this.findByExternalAccount(integrationKey, externalAccountId);
    return connections.some((connection) => connection.status === 'connected');
  }

  /** Insert-or-update under UNIQUE(account_id, integration_key); see {@link upsertGrant}. */
  async saveGrant(grant: Omit<GrantToSave, 'sameAccountOnly'>): Promise<Connection> {
    return (await this.upsertGrant(grant)).connection;
  }

  /**
   * Insert-or-update under UNIQUE(account_id, integration_key): concurrent callbacks for the same account
   * and integration end with one row, the last one's; a reconnect of a `reauth_required` connection updates
   * it in place. `replaced` is the connected grant this one overwrote (a concurrent connect that lost), for
   * the caller to revoke: the row is locked while it is read and overwritten, so each overwritten grant is
   * handed back once. The event (`connection.connected` or `.reconnected`) commits with the row. With
   * `sameAccountOnly` (a reconnect) a row of another external account is compared under that same lock
   * and kept: the answer is a mismatch, and nothing is written.
   */
  upsertGrant(grant: Omit<GrantToSave, 'sameAccountOnly'>): Promise<SavedGrant>;
  upsertGrant(grant: GrantToSave): Promise<GrantOutcome>;
  async upsertGrant(grant: GrantToSave): Promise<GrantOutcome> {
    const values = grantValues(this.cipher, grant, this.instanceUrl(grant.integrationKey, grant.tokens));
    const key = { accountId: grant.accountId, integrationKey: grant.integrationKey };
    for (let attempt = 1; ; attempt++) {
      try {
        return await inRetriedTransaction(this.dataSource, (manager) => this.writeGrant(manager, key, values, grant));
      } catch (error) {
        // Two first connects inserted at once: the loser runs again and now finds (and locks) the row.
        if (!isUniqueViolation(error) || attempt >= MAX_INSERT_ROUNDS) throw error;
      }
    }
  }

  private async writeGrant(
    manager: EntityManager,
    key: { accountId: string; integrationKey: string },
    values: Partial<Connection>,
    grant: GrantToSave,
  ): Promise<GrantOutcome> {
    const repository = manager.getRepository(Connection);
    // FOR UPDATE on MySQL; SQLite transactions take turns, so the row cannot change under this one either.
    const current = await repository.findOne({
      where: key,
      select: {
        id: true,
        status: true,
        externalAccountId: true,
        externalAccountName: true,
        accessTokenEnc: true,
        refreshTokenEnc: true,
      },
      ...(this.dataSource.options.type === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (current && grant.sameAccountOnly && current.externalAccountId !== values.externalAccountId) {
      return { mismatch: { connectedAs: current.externalAccountName } };
    }
    if (current) await repository.update({ id: current.id }, values);
    else await repository.insert({ id: randomUUID(), ...key, ...values });
    const connection = await repository.findOneByOrFail(key);
    await this.events.append(manager, connectedEvent(connection, current !== null, grant.connectedBy.id));
    const replaced = current?.status === 'connected' ? this.decryptTokens(key.accountId, key.integrationKey, current) : null;
    return { connection, replaced, replacedExternalAccountId: replaced ? (current?.externalAccountId ?? null) : null };
  }

  /**
   * Deletes the connection and hands back its tokens for revocation (null once they were dropped). Of two concurrent disconnects only
   * one gets the tokens (and records `connection.disconnected`); the other sees `not_connected`.
   */
  async remove(accountId: string, integrationKey: string, actorUserId: string | null = null): Promise<PlainTokens | null> {
    const row = await this.connections.findOne({
      where: { accountId, integrationKey },
      select: { id: true, accessTokenEnc: true, refreshTokenEnc: true },
    });
    if (!row) throw new IntegrationException(IntegrationError.NotConnected);
    await inTransaction(this.dataSource, async (manager) => {
      const result = await manager.getRepository(Connection).delete({ id: row.id });
      if (result.affected === 0) throw new IntegrationException(IntegrationError.NotConnected);
      await this.events.append(manager, disconnectedEvent({ id: row.id, accountId, integrationKey }, 'admin', actorUserId));
    });
    return row.accessTokenEnc === FORGOTTEN_TOKEN ? null : this.decryptTokens(accountId, integrationKey, row);
  }

  /**
   * A usable access token, refreshed first when it is about to expire. A database lease makes sure
   * that across all instances one caller refreshes and the others wait for its result, because
   * providers rotate refresh tokens and a second refresh with the old one would fail.
   */
  async accessToken(accountId: string, integrationKey: string): Promise<string> {
    return (await this.freshToken(accountId, integrationKey)).accessToken;
  }

  /** A token still valid `minValiditySeconds` from now (credentials handed to a service: 5 minutes). */
  freshToken(accountId: string, integrationKey: string, minValiditySeconds = 0): Promise<FreshToken> {
    const margin = Math.max(REFRESH_MARGIN_MS, minValiditySeconds * 1000);
    return this.tokenUnderLease(
      accountId,
      integrationKey,
      (row) => !row.tokenExpiresAt || row.tokenExpiresAt.getTime() - Date.now() > margin,
    );
  }

  /**
   * The provider refused `rejectedToken` before its stored expiry (revoked early, clock skew): refresh now,
   * unless a concurrent caller already replaced it, so a burst of 401s costs the provider one refresh.
   */
  forceRefresh(accountId: string, integrationKey: string, rejectedToken: string): Promise<FreshToken> {
    return this.tokenUnderLease(accountId, integrationKey, (_row, tokens) => tokens.accessToken !== rejectedToken);
  }

  private async tokenUnderLease(accountId: string, integrationKey: string, acceptable: Acceptable): Promise<FreshToken> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await this.loadWithTokens(accountId, integrationKey);
      const usable = this.usableToken(row, acceptable);
      if (usable) return usable;
      if (await this.refresher.takeLease(row.id)) {
        // Read again under the lease: another caller may have refreshed (and rotated the refresh
        // token) between our first read and taking the lease.
        const current = await this.loadWithTokens(accountId, integrationKey);
        const refreshedMeanwhile = this.usableToken(current, acceptable);
        if (refreshedMeanwhile) {
          await this.refresher.releaseLease(current.id);
          return refreshedMeanwhile;
        }
        return this.refresher.refreshHoldingLease(
          current,
          this.decryptTokens(accountId, integrationKey, current).refreshToken as string,
        );
      }
      await sleep(250);
    }
    throw new IntegrationException(IntegrationError.ProviderUnavailable);
  }

  /** The stored access token when it needs no refresh (acceptable, or nothing to refresh it with). */
  private usableToken(row: Connection, acceptable: Acceptable): FreshToken | null {
    if (row.status === 'reauth_required') throw new IntegrationException(IntegrationError.ReauthRequired);
    const tokens = this.decryptTokens(row.accountId, row.integrationKey, row);
    if (tokens.refreshToken && !acceptable(row, tokens)) return null;
    return { accessToken: tokens.accessToken, expiresAt: row.tokenExpiresAt, connection: row };
  }

  private instanceUrl(integrationKey: string, tokens: TokenSet): string | undefined {
    return this.providers.get(integrationKey).definition.instanceUrl?.(tokens)?.slice(0, 500);
  }

  /** The grant is dead (the provider refused it): the connection waits for a reconnect. */
  async markReauthRequired(accountId: string, integrationKey: string, detail: string): Promise<void> {
    await this.health.report(accountId, integrationKey, { state: 'reauth_required', reason: detail });
  }

  /**
   * The provider told us the user removed the app: the tokens are dead, so services learn that the
   * connection is gone (`connection.disconnected`) while the row stays for the admin to reconnect.
   */
  async markDeauthorized(connection: Connection, detail: string): Promise<void> {
    const { accountId, integrationKey } = connection;
    await inTransaction(this.dataSource, async (manager) => {
      const result = await manager.getRepository(Connection).update(
        { id: connection.id, status: 'connected' },
        {
          status: 'reauth_required',
          healthState: 'reauth_required',
          healthReason: detail.slice(0, 500),
          updatedAt: new Date(),
        },
      );
      if (!result.affected) return;
      await this.audit.record({ accountId, integrationKey, type: AuditEventType.ReauthRequired, detail }, manager);
      await this.events.append(manager, disconnectedEvent(connection, 'provider_deauthorized', null));
    });
  }

  /**
   * Refreshes a connection whose lease the scheduled refresh has taken; the lease is given back either
   * way. A connection that changed meanwhile (disconnected, reconnected, refreshed) is left alone.
   */
  async refreshClaimed(connectionId: string, refreshBefore: Date): Promise<'refreshed' | 'skipped'> {
    const row = await this.withTokens().where('c.id = :id', { id: connectionId }).getOne();
    if (!row) return 'skipped';
    const { refreshToken } = this.decryptTokens(row.accountId, row.integrationKey, row);
    if (row.status !== 'connected' || !refreshToken || !row.tokenExpiresAt || row.tokenExpiresAt > refreshBefore) {
      await this.refresher.releaseLease(row.id);
      return 'skipped';
    }
    await this.refresher.refreshHoldingLease(row, refreshToken);
    return 'refreshed';
  }

  private withTokens() {
    return this.connections.createQueryBuilder('c').addSelect(['c.accessTokenEnc', 'c.refreshTokenEnc', 'c.refreshFailures']);
  }

  private async loadWithTokens(accountId: string, integrationKey: string): Promise<Connection> {
    const row = await this.withTokens()
      .where('c.account_id = :accountId AND c.integration_key = :integrationKey', { accountId, integrationKey })
      .getOne();
    if (!row) throw new IntegrationException(IntegrationError.NotConnected);
    return row;
  }

  private decryptTokens(
    accountId: string,
    integrationKey: string,
    row: Pick<Connection, 'accessTokenEnc' | 'refreshTokenEnc'>,
  ): PlainTokens {
    return {
      accessToken: this.cipher.decrypt(row.accessTokenEnc, { accountId, integrationKey, field: 'access_token' }),
      refreshToken: row.refreshTokenEnc
        ? this.cipher.decrypt(row.refreshTokenEnc, { accountId, integrationKey, field: 'refresh_token' })
        : undefined,
    };
  }
}
