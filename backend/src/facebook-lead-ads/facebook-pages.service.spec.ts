import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Repository } from 'typeorm';
import type { Connection } from '../integrations/connections/connection.entity';
import type { ConnectionsService } from '../integrations/connections/connections.service';
import { TokenCipher } from '../integrations/connections/token-cipher';
import type { FacebookPage } from './entities/facebook-page.entity';
import { FacebookLeadAdsException } from './facebook-lead-ads.exception';
import type { UserTokenAccessService } from './user-token-access.service';
import { FacebookPagesService } from './facebook-pages.service';
import type { GraphClient } from './graph.client';

/** A pages table whose insert fails as the database does when the parent connection row was deleted. */
function pagesWhoseConnectionIsGone(code: string): Repository<FacebookPage> {
  const fake: Partial<Repository<FacebookPage>> = {
    insert: () => Promise.reject(Object.assign(new Error('foreign key constraint fails'), { driverError: { code } })),
  };
  return fake as Repository<FacebookPage>;
}

function service(pages: Repository<FacebookPage>): FacebookPagesService {
  const graph: Partial<GraphClient> = {
    listPages: () => Promise.resolve([{ id: '1000001', name: 'Aurora Coffee Roasters', access_token: 'page-token' }]),
  };
  const connections: Partial<ConnectionsService> = { accessToken: () => Promise.resolve('user-token') };
  const cipher = new TokenCipher([{ id: 'unit', key: Buffer.alloc(32, 5) }]);
  const userToken = { watch: (_accountId: string, call: () => Promise<unknown>) => call() } as UserTokenAccessService;
  return new FacebookPagesService(pages, cipher, connections as ConnectionsService, graph as GraphClient, userToken);
}

describe(FacebookPagesService.name, () => {
  for (const code of ['ER_NO_REFERENCED_ROW_2', 'SQLITE_CONSTRAINT_FOREIGNKEY']) {
    it(`answers not_connected, not a 500, when the connection is removed while Facebook answers (${code})`, async () => {
      const refresh = service(pagesWhoseConnectionIsGone(code)).refresh('account-1', { id: 'gone' } as Connection);
      await assert.rejects(refresh, (error: unknown) => {
        assert.ok(error instanceof FacebookLeadAdsException, String(error));
        assert.equal(error.code, 'not_connected');
        return true;
      });
    });
  }
});
