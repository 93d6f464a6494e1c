import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { Connection } from '../src/integrations/connections/connection.entity';
import { ConnectionsService } from '../src/integrations/connections/connections.service';
import { TokenCipher } from '../src/integrations/connections/token-cipher';
import { TOKEN_CIPHER } from '../src/integrations/connections/token-cipher.provider';
import { RevocationTask } from '../src/integrations/revocation/revocation-task.entity';
import { RevocationService } from '../src/integrations/revocation/revocation.service';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

interface SandboxEvent {
  type: string;
  providerKey: string;
}

describe(`token refresh, re-authorisation and the revocation outbox (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let admin: SignedInDriver;
  let connections: ConnectionsService;

  const sandboxLog = async () => (await (await fetch(`${stack.sandbox.url}/control/log`)).json()) as SandboxEvent[];
  const setFault = (providerKey: string, endpoint: string, mode: string) =>
    fetch(`${stack.sandbox.url}/control/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ providerKey, endpoint, mode }),
    });
  const status = async (key: string) =>
    ((await (await admin.api('GET', `/api/v1/integrations/${key}`)).json()) as { status: string }).status;

  before(async () => {
    stack = await startTestStack({ accessTokenTtlSeconds: 600 });
    connections = stack.app.app.get(ConnectionsService);
  });
  after(() => stack.close());
  beforeEach(async () => {
    admin = await signedInAdmin(stack.app);
    await fetch(`${stack.sandbox.url}/control/reset`, { method: 'POST' });
  });

  it('refreshes once for 10 concurrent callers and hands all of them the new token', async () => {
    await admin.connect('hubspot');
    const repository = stack.app.app.get(DataSource).getRepository(Connection);
    await repository.update(
      { accountId: admin.user.accountId, integrationKey: 'hubspot' },
      { tokenExpiresAt: new Date(Date.now() + 5_000) },
    );
    const tokens = await Promise.all(Array.from({ length: 10 }, () => connections.accessToken(admin.user.accountId, 'hubspot')));
    const refreshes = (await sandboxLog()).filter((e) => e.type === 'token_refresh');
    assert.equal(refreshes.length, 1);
    assert.equal(new Set(tokens).size, 1);
    const me = await fetch(`${stack.sandbox.url}/hubspot/api/me`, { headers: { Authorization: `Bearer ${tokens[0]}` } });
    assert.equal(me.status, 200, 'the refreshed token is valid at the provider');
  });

  it('marks the connection reauth_required when the provider rejects the refresh token, and a reconnect repairs it in place', async () => {
    await admin.connect('salesforce');
    const repository = stack.app.app.get(DataSource).getRepository(Connection);
    const before = await repository.findOneByOrFail({ accountId: admin.user.accountId, integrationKey: 'salesforce' });
    const cipher = stack.app.app.get<TokenCipher>(TOKEN_CIPHER);
    const forged = cipher.encrypt('sbx_rt_unknown', {
      accountId: admin.user.accountId,
      integrationKey: 'salesforce',
      field: 'refresh_token',
    });
    await repository.update({ id: before.id }, { refreshTokenEnc: forged, tokenExpiresAt: new Date() });

    await assert.rejects(connections.accessToken(admin.user.accountId, 'salesforce'), { code: 'reauth_required' });
    assert.equal(await status('salesforce'), 'reauth_required');
    const activity = (await (await admin.api('GET', '/api/v1/integrations/salesforce/activity')).json()) as { type: string }[];
    assert.equal(activity[0].type, 'reauth_required');

    await admin.connect('salesforce');
    assert.equal(await status('salesforce'), 'connected');
    const after = await repository.findOneByOrFail({ accountId: admin.user.accountId, integrationKey: 'salesforce' });
    assert.equal(after.id, before.id, 'the reconnect updated the same row');
  });

  it('completes a disconnect while revocation fails, then the outbox retries until the provider accepts', async () => {
    await admin.connect('pipedrive');
    await setFault('pipedrive', 'revoke', 'down');
    assert.equal((await admin.api('DELETE', '/api/v1/integrations/pipedrive/connection')).status, 204);
    assert.equal(await status('pipedrive'), 'disconnected');
    const outbox = stack.app.app.get(DataSource).getRepository(RevocationTask);
    assert.equal(await outbox.countBy({ integrationKey: 'pipedrive' }), 1);
    const revocations = stack.app.app.get(RevocationService);

    const later = new Date(Date.now() + 3600_000);
    assert.deepEqual(await revocations.processDue(later), { revoked: 0, failed: 1 });
    assert.equal(await outbox.countBy({ integrationKey: 'pipedrive' }), 1, 'still queued while the provider is down');

    await setFault('pipedrive', 'revoke', 'ok');
    assert.deepEqual(await revocations.processDue(new Date(Date.now() + 3 * 3600_000)), { revoked: 1, failed: 0 });
    assert.equal(await outbox.countBy({ integrationKey: 'pipedrive' }), 0);
    assert.ok((await sandboxLog()).some((e) => e.type === 'revocation' && e.providerKey === 'pipedrive'));
    const activity = (await (await admin.api('GET', '/api/v1/integrations/pipedrive/activity')).json()) as { type: string }[];
    assert.deepEqual(
      activity.slice(0, 3).map((e) => e.type),
      ['revoked', 'revoke_failed', 'disconnected'],
    );
  });
});
