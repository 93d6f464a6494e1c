import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../common/transactions';
import { Connection, FORGOTTEN_TOKEN } from '../../integrations/connections/connection.entity';
import { ConnectionsService } from '../../integrations/connections/connections.service';
import { FacebookPage } from '../entities/facebook-page.entity';
import { FACEBOOK_KEY } from '../graph.client';

export interface ForgottenUser {
  /** Connections (one per account) whose user token was dropped. */
  connections: number;
  /** Page tokens deleted with them. */
  pageTokens: number;
}

/**
 * Forgets what Aurora stores of one Facebook user: in every account connected as that user, the user
 * token (the connection turns `reauth_required`, with audit and `connection.disconnected`) and the page
 * tokens obtained with it. Contacts stay: they are the account's leads, not the Facebook user's data.
 */
@Injectable()
export class FacebookUserDataService {
  constructor(
    private readonly connections: ConnectionsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async forget(facebookUserId: string, detail: string): Promise<ForgottenUser> {
    const forgotten: ForgottenUser = { connections: 0, pageTokens: 0 };
    for (const connection of await this.connections.findByExternalAccount(FACEBOOK_KEY, facebookUserId)) {
      await this.connections.markDeauthorized(connection, detail);
      forgotten.pageTokens += await inTransaction(this.dataSource, async (manager) => {
        // The row stays `reauth_required`, so the admin sees why and can reconnect.
        await manager
          .getRepository(Connection)
          .update(
            { id: connection.id },
            { status: 'reauth_required', accessTokenEnc: FORGOTTEN_TOKEN, refreshTokenEnc: null, updatedAt: new Date() },
          );
        return (await manager.getRepository(FacebookPage).delete({ connectionId: connection.id })).affected ?? 0;
      });
      forgotten.connections++;
    }
    return forgotten;
  }
}
