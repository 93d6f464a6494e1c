import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import type { IntegrationDetailResponse } from '../../frontend/src/api/schema';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Connection } from '../src/integrations/connections/connection.entity';
import { ConnectionsService } from '../src/integrations/connections/connections.service';
import { Role } from '../src/roles/role.enum';
import {
  BIKES_PAGE,
  ErrorBody,
  FormConnection,
  KEY as FACEBOOK,
  LeadAdsHarness,
  TEST_RIDE_FORM,
  person,
} from './support/lead-ads-harness';
import { SignedInDriver, signedIn, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

interface SandboxEvent {
  type: string;
  providerKey: string;
  detail?: string;
}
interface SandboxGrant {
  id: string;
  providerKey: string;
  live: boolean;
}

/** Re-consent over a live connection (DESIGN §5): same account in place, another account refused. */
describe(`reconnect a connected integration (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: LeadAdsHarness;
  let dataSource: DataSource;

  const sandbox = async <T>(path: string): Promise<T> =>
    (await (await fetch(`${stack.sandbox.url}/control/${path}`)).json()) as T;
  const liveGrants = async (providerKey: string) =>
    (await sandbox<SandboxGrant[]>(`grants?providerKey=${providerKey}`)).filter((g) => g.live).map((g) => g.id);
  const revocations = async (providerKey: string) =>
    (await sandbox<SandboxEvent[]>('log')).filter((e) => e.type === 'revocation' && e.providerKey === providerKey);
  const token = (driver: SignedInDriver, key: string) =>
    stack.app.app.get(ConnectionsService).accessToken(driver.user.accountId, key);
  const detail = async (driver: SignedInDriver, key: string) =>
    (await (await driver.api('GET', `/api/v1/integrations/${key}`)).json()) as IntegrationDetailResponse;
  const lastAudit = async (driver: SignedInDriver, key: string) =>
    (
      await dataSource.getRepository(AuditEvent).find({
        where: { accountId: driver.user.accountId, integrationKey: key },
        order: { createdAt: 'DESC' },
        take: 1,
      })
    )[0];

  before(async () => {
    stack = await startTestStack();
    h = new LeadAdsHarness(stack);
    dataSource = stack.app.app.get(DataSource);
  });
  after(() => stack.close());

  it('Facebook: the same account is updated in place, its forms keep importing, and the grant is not revoked', async () => {
    const admin = await signedInAdmin(stack.app);
    await admin.connect(FACEBOOK);
    const saved = await h.json<FormConnection>(
      admin,
      'PUT',
      `/api/v1/integrations/${FACEBOOK}/form-connections/${TEST_RIDE_FORM}`,
      {
        pageId: BIKES_PAGE,
        mapping: { full_name: 'name', email: 'email', phone_number: 'phone' },
      },
    );
    assert.equal(saved.status, 200);
    const before = await detail(admin, FACEBOOK);
    const oldToken = await token(admin, FACEBOOK);
    await h.control('facebook/age-user-tokens', {});
    assert.equal(
      (await h.json<ErrorBody>(admin, 'GET', `/api/v1/integrations/${FACEBOOK}/pages`)).body.error,
      'user_token_expired',
    );
    const liveBefore = await liveGrants(FACEBOOK);
    const revokedBefore = (await revocations(FACEBOOK)).length;

    const flowId = await admin.connect(FACEBOOK, { reconnect: true });

    assert.equal((await admin.flowStatus(flowId)).status, 'connected');
    const after = await detail(admin, FACEBOOK);
    assert.equal(after.connection?.id, before.connection?.id, 'same connection row');
    assert.equal(after.status, 'connected');
    assert.equal(after.health?.state, 'healthy');
    assert.notEqual(await token(admin, FACEBOOK), oldToken, 'services read the new user token');
    assert.equal((await revocations(FACEBOOK)).length, revokedBefore, 'no DELETE /me/permissions');
    for (const grant of liveBefore) assert.ok((await liveGrants(FACEBOOK)).includes(grant), 'no Facebook grant died');
    assert.match((await lastAudit(admin, FACEBOOK))?.detail ?? '', /^Reconnected to /);

    const access = await h.json<{ userToken: { state: string; message: string | null } }>(
      admin,
      'GET',
      `/api/v1/integrations/${FACEBOOK}/access`,
    );
    assert.deepEqual(access.body.userToken.state, 'valid');
    assert.equal(access.body.userToken.message, null);
    assert.equal((await h.json<unknown[]>(admin, 'GET', `/api/v1/integrations/${FACEBOOK}/pages`)).status, 200);
    const forms = await h.json<FormConnection[]>(admin, 'GET', `/api/v1/integrations/${FACEBOOK}/form-connections`);
    assert.deepEqual(
      forms.body.map((f) => f.formId),
      [TEST_RIDE_FORM],
    );
    await h.createLead(BIKES_PAGE, TEST_RIDE_FORM, person('After Reconnect', 11));
    assert.deepEqual(
      (await h.allContacts(admin)).map((c) => c.name),
      ['After Reconnect'],
    );
  });

  it('HubSpot (rotating refresh tokens): the same account is updated in place and the old tokens are revoked', async () => {
    const admin = await signedInAdmin(stack.app);
    await admin.connect('hubspot');
    const before = await detail(admin, 'hubspot');
    const oldToken = await token(admin, 'hubspot');
    const liveBefore = await liveGrants('hubspot');
    await admin.connect('hubspot', { reconnect: true });
    const after = await detail(admin, 'hubspot');
    assert.equal(after.connection?.id, before.connection?.id);
    assert.notEqual(await token(admin, 'hubspot'), oldToken);
    const live = await liveGrants('hubspot');
    assert.equal(live.filter((id) => liveBefore.includes(id)).length, liveBefore.length - 1, 'the replaced grant is revoked');
    assert.equal(live.filter((id) => !liveBefore.includes(id)).length, 1, 'the new grant lives');
  });

  it('another external account: account_mismatch, the new grant goes back, the stored connection is untouched', async () => {
    const admin = await signedInAdmin(stack.app);
    await admin.connect('hubspot');
    // The stored connection belongs to someone else than the sandbox's one signed-in user.
    const where = { accountId: admin.user.accountId, integrationKey: 'hubspot' };
    await dataSource
      .getRepository(Connection)
      .update(where, { externalAccountId: 'hub-other', externalAccountName: 'Other Portal' });
    const oldToken = await token(admin, 'hubspot');
    const liveBefore = await liveGrants('hubspot');

    const flowId = await admin.connect('hubspot', { reconnect: true });

    const flow = await admin.flowStatus(flowId);
    assert.equal(flow.status, 'failed');
    assert.equal(flow.error, 'account_mismatch');
    assert.match(
      flow.message ?? '',
      /^You signed in as .+; this integration is connected as Other Portal\. Sign in as Other Portal, or disconnect first/,
    );
    assert.equal(await token(admin, 'hubspot'), oldToken);
    const stored = await detail(admin, 'hubspot');
    assert.equal(stored.status, 'connected');
    assert.equal(stored.connection?.externalAccount.name, 'Other Portal');
    assert.deepEqual(await liveGrants('hubspot'), liveBefore, 'the new grant was revoked, the old one lives');
    assert.equal((await lastAudit(admin, 'hubspot'))?.type, 'connect_failed');
  });

  it('without the flag a connected integration is still 409 already_connected', async () => {
    const admin = await signedInAdmin(stack.app);
    await admin.connect('hubspot');
    for (const body of [undefined, {}, { reconnect: false }]) {
      const response = await admin.postConnect('hubspot', body);
      assert.equal(response.status, 409);
      assert.equal(((await response.json()) as ErrorBody).error, 'already_connected');
    }
  });

  it('refuses a body whose reconnect is not a boolean with 400 naming the field, and unknown fields', async () => {
    const admin = await signedInAdmin(stack.app);
    for (const body of [{ reconnect: 'yes' }, { reconnect: 1 }, { reconnect: null }, { reconnect: true, extra: 1 }]) {
      const response = await admin.postConnect('hubspot', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const error = (await response.json()) as ErrorBody;
      assert.equal(error.error, 'validation_failed');
      assert.match(error.message, 'extra' in body ? /extra/ : /reconnect/);
    }
  });

  it('an agent may not reconnect: 403 naming the role', async () => {
    const admin = await signedInAdmin(stack.app);
    await admin.connect('hubspot');
    const agent = await signedIn(stack.app, { role: Role.Agent, sameAccountAs: admin });
    const response = await agent.postConnect('hubspot', { reconnect: true });
    assert.equal(response.status, 403);
    assert.match(((await response.json()) as ErrorBody).message, /channels_admin|Channels Administrator/);
  });
});
