import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { insertOrElse, isMissingParent } from '../common/database-errors';
import { Connection } from '../integrations/connections/connection.entity';
import { ConnectionsService } from '../integrations/connections/connections.service';
import { TokenCipher, TokenContext } from '../integrations/connections/token-cipher';
import { TOKEN_CIPHER } from '../integrations/connections/token-cipher.provider';
import { IntegrationException } from '../integrations/integration.exception';
import { FacebookPage } from './entities/facebook-page.entity';
import { FacebookLeadAdsError, FacebookLeadAdsException } from './facebook-lead-ads.exception';
import { UserTokenAccessService } from './user-token-access.service';
import { FACEBOOK_KEY, GraphCaller, GraphClient, GraphPage, isGraphId } from './graph.client';

/**
 * The Pages of the connected user and their page tokens (encrypted at rest, bound to the account),
 * and the callers Graph requests are made as.
 */
@Injectable()
export class FacebookPagesService {
  constructor(
    @InjectRepository(FacebookPage) private readonly pages: Repository<FacebookPage>,
    @Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher,
    private readonly connections: ConnectionsService,
    private readonly graph: GraphClient,
    private readonly userToken: UserTokenAccessService,
  ) {}

  /** Lists the user's Pages at Facebook and stores their tokens. */
  async refresh(accountId: string, connection: Connection): Promise<GraphPage[]> {
    const caller = await this.userCaller(accountId);
    const pages = await this.userToken.watch(accountId, () => this.graph.listPages(caller));
    await this.store(accountId, connection.id, pages);
    return pages;
  }

  /**
   * Calls about one Page use that Page's token. A Page not stored yet, or stored before the latest
   * (re)connect — whose token died with the old grant — is looked up at Facebook once first.
   */
  async pageCaller(accountId: string, connection: Connection, pageId: string): Promise<GraphCaller> {
    if (!isGraphId(pageId)) throw new FacebookLeadAdsException(FacebookLeadAdsError.PageNotFound);
    let token = await this.token(accountId, pageId, connection.connectedAt);
    if (!token) {
      await this.refresh(accountId, connection);
      token = await this.token(accountId, pageId, connection.connectedAt);
    }
    if (!token) throw new FacebookLeadAdsException(FacebookLeadAdsError.PageNotFound);
    return { accountId, token, pageId };
  }

  async userCaller(accountId: string): Promise<GraphCaller> {
    try {
      return { accountId, token: await this.connections.accessToken(accountId, FACEBOOK_KEY) };
    } catch (error) {
      // Same codes as the integration's own errors, worded for this feature.
      if (error instanceof IntegrationException && Object.values<string>(FacebookLeadAdsError).includes(error.code)) {
        throw new FacebookLeadAdsException(error.code as FacebookLeadAdsError);
      }
      throw error;
    }
  }

  find(accountId: string, pageId: string): Promise<FacebookPage | null> {
    return this.pages.findOne({ where: { accountId, pageId } });
  }

  async names(accountId: string): Promise<Map<string, string>> {
    const rows = await this.pages.find({ where: { accountId }, select: { pageId: true, name: true } });
    return new Map(rows.map((row) => [row.pageId, row.name]));
  }

  /** Insert-or-update per (account, page); pages Facebook returned without a token are not stored. */
  private async store(accountId: string, connectionId: string, pages: GraphPage[]): Promise<void> {
    const now = new Date();
    for (const page of pages) {
      if (!page.access_token || !isGraphId(page.id)) continue;
      const values = {
        connectionId,
        name: (page.name || page.id).slice(0, 255),
        category: page.category?.slice(0, 255) ?? null,
        accessTokenEnc: this.cipher.encrypt(page.access_token, this.context(accountId)),
        updatedAt: now,
      };
      try {
        await insertOrElse(
          () => this.pages.insert({ id: randomUUID(), accountId, pageId: page.id, ...values }),
          () => this.pages.update({ accountId, pageId: page.id }, values),
        );
      } catch (error) {
        // Disconnected while Facebook was answering: the connection row (and its pages) is gone.
        if (isMissingParent(error)) throw new FacebookLeadAdsException(FacebookLeadAdsError.NotConnected);
        throw error;
      }
    }
  }

  private async token(accountId: string, pageId: string, notBefore: Date): Promise<string | null> {
    const row = await this.pages.findOne({
      where: { accountId, pageId },
      select: { id: true, accessTokenEnc: true, updatedAt: true },
    });
    if (!row || row.updatedAt.getTime() < notBefore.getTime()) return null;
    return this.cipher.decrypt(row.accessTokenEnc, this.context(accountId));
  }

  private context(accountId: string): TokenContext {
    return { accountId, integrationKey: FACEBOOK_KEY, field: 'page_token' };
  }
}
