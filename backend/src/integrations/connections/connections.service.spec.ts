import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { UserCaller } from '../../auth/auth-user';
import { integrationsWorld, IntegrationsWorld } from '../../../test/support/integrations-world';
import { IntegrationError, IntegrationException } from '../integration.exception';
import { Connection } from './connection.entity';
import { ConnectionsService } from './connections.service';

const KEY = 'calendly';

describe(ConnectionsService.name, () => {
  let world: IntegrationsWorld;
  let admin: UserCaller;

  const upsert = (accessToken: string, refreshToken?: string, expiresIn?: number) =>
    world.connections.upsertGrant({
      accountId: admin.accountId,
      integrationKey: KEY,
      connectedBy: { id: admin.id, name: admin.name },
      external: { id: 'ext-1', name: 'External Account' },
      tokens: { accessToken, refreshToken, expiresIn, raw: {} },
      requestedScopes: ['read'],
    });
  const save = async (accessToken: string, refreshToken?: string, expiresIn?: number) =>
    (await upsert(accessToken, refreshToken, expiresIn)).connection;
  const expireSoon = () =>
    world.dataSource
      .getRepository(Connection)
      .update({ accountId: admin.accountId, integrationKey: KEY }, { tokenExpiresAt: new Date(Date.now() + 5_000) });
  const rejects = (code: IntegrationError) => (error: unknown) => error instanceof IntegrationException && error.code === code;

  before(async () => {
    world = await integrationsWorld();
  });
  after(() => world.close());
  beforeEach(async () => {
    admin = await world.admin();
    world.http.refreshedWith.length = 0;
    world.http.script.refreshes = [];
  });

  describe('saveGrant', () => {
    it('replaces a connected grant and hands the replaced tokens back, once', async () => {
      await save('at-1', 'rt-1');
      const results = await Promise.all([upsert('at-2', 'rt-2'), upsert('at-3', 'rt-3')]);
      const replaced = results.map((r) => r.replaced?.refreshToken).sort();
      const kept = await world.connections.accessToken(admin.accountId, KEY);
      // Each grant but the one kept is handed back exactly once: rt-1 and whichever of rt-2/rt-3 lost.
      assert.deepEqual(replaced.length, 2);
      assert.ok(replaced.includes('rt-1'));
      assert.deepEqual(new Set([...replaced, kept.replace('at-', 'rt-')]), new Set(['rt-1', 'rt-2', 'rt-3']));
    });

    it('reconnects a connection waiting for re-authorization in place, handing nothing back', async () => {
      const first = await save('at-1', 'rt-1');
      await world.connections.markReauthRequired(admin.accountId, KEY, 'unit');
      const second = await upsert('at-2', 'rt-2');
      assert.equal(second.replaced, null);
      assert.equal(second.connection.id, first.id);
      assert.equal(second.connection.status, 'connected');
      assert.equal(await world.connections.accessToken(admin.accountId, KEY), 'at-2');
    });
  });

  describe('accessToken', () => {
    it('hands out a fresh token without calling the provider', async () => {
      await save('at-1', 'rt-1', 3600);
      assert.equal(await world.connections.accessToken(admin.accountId, KEY), 'at-1');
      assert.deepEqual(world.http.refreshedWith, []);
    });

    it('refreshes a token about to expire and keeps the rotated refresh token for the next refresh', async () => {
      await save('at-1', 'rt-1', 3600);
      await expireSoon();
      world.http.script.refreshes = [
        { access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 },
        { access_token: 'at-3', expires_in: 3600 },
      ];
      assert.equal(await world.connections.accessToken(admin.accountId, KEY), 'at-2');
      await expireSoon();
      assert.equal(await world.connections.accessToken(admin.accountId, KEY), 'at-3');
      await expireSoon();
      world.http.script.refreshes = [{ access_token: 'at-4', expires_in: 3600 }];
      assert.equal(await world.connections.accessToken(admin.accountId, KEY), 'at-4');
      // A provider that does not rotate keeps the last refresh token valid.
      assert.deepEqual(world.http.refreshedWith, ['rt-1', 'rt-2', 'rt-2']);
    });

    it('lets one of several concurrent callers refresh (the lease) and gives all of them its token', async () => {
      await save('at-1', 'rt-1', 3600);
      await expireSoon();
      world.http.script.refreshes = [{ access_token: 'at-2', refresh_token: 'rt-2', expires_in: 3600 }];
      const tokens = await Promise.all(Array.from({ length: 5 }, () => world.connections.accessToken(admin.accountId, KEY)));
      assert.deepEqual(new Set(tokens), new Set(['at-2']));
      assert.deepEqual(world.http.refreshedWith, ['rt-1']);
      // The lease is released: the next refresh starts at once instead of waiting for it to lapse.
      await expireSoon();
      world.http.script.refreshes = [{ access_token: 'at-3', expires_in: 3600 }];
      assert.equal(await world.connections.accessToken(admin.accountId, KEY), 'at-3');
    });

    it('marks the connection reauth_required when the provider rejects the refresh token', async () => {
      await save('at-1', 'rt-1', 3600);
      await expireSoon();
      await assert.rejects(world.connections.accessToken(admin.accountId, KEY), rejects(IntegrationError.ReauthRequired));
      assert.equal((await world.connections.find(admin.accountId, KEY))?.status, 'reauth_required');
      await assert.rejects(world.connections.accessToken(admin.accountId, KEY), rejects(IntegrationError.ReauthRequired));
      assert.deepEqual(world.http.refreshedWith, ['rt-1'], 'no second refresh with a rejected token');
    });

    it('answers not_connected for an integration the account has not connected', async () => {
      await assert.rejects(world.connections.accessToken(admin.accountId, KEY), rejects(IntegrationError.NotConnected));
    });
  });
});
