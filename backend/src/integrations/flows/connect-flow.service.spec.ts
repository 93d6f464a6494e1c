import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { InternalOAuthError } from 'passport-oauth2';
import { Membership } from '../../accounts/membership.entity';
import { AuditEvent } from '../../audit/audit-event.entity';
import { UserCaller } from '../../auth/auth-user';
import { Role } from '../../roles/role.enum';
import { integrationsWorld, IntegrationsWorld } from '../../../test/support/integrations-world';
import { ProviderHttpError, ProviderUnreachableError } from '../providers/provider-http.client';
import { ProviderAnswer } from './callback-result';
import { ConnectFlowService } from './connect-flow.service';
import { FlowPurpose, OAuthFlow } from './oauth-flow.entity';
import { Connection } from '../connections/connection.entity';

const ORIGIN = { ip: '127.0.0.1', requestId: 'unit' };
const BROWSER = 'b'.repeat(43);
const KEY = 'calendly';

const grant = (n: number): ProviderAnswer => ({
  kind: 'grant',
  tokens: { accessToken: `at-${n}`, refreshToken: `rt-${n}`, expiresIn: 3600, raw: {} },
});

describe(ConnectFlowService.name, () => {
  let world: IntegrationsWorld;
  let admin: UserCaller;

  /** Starts a flow, opens its authorize link, and brings `answer` back to the callback from `browser`. */
  async function callback(answer: ProviderAnswer, browser: string | undefined = BROWSER, purpose: FlowPurpose = 'connect') {
    const started = await world.flows.start(admin, KEY, BROWSER, ORIGIN, purpose);
    const state = await world.flows.issueState(started.id, admin.id, BROWSER, undefined);
    assert.ok(state);
    const flowId = await world.connectFlow.complete({ integrationKey: KEY, state, answer }, browser, ORIGIN);
    const flow = await world.dataSource.getRepository(OAuthFlow).findOneByOrFail({ id: started.id });
    return { flowId, flow, state, outcome: { status: flow.status, error: flow.error } };
  }
  async function auditDetails(): Promise<(string | null)[]> {
    const rows = await world.dataSource
      .getRepository(AuditEvent)
      .find({ where: { accountId: admin.accountId }, order: { createdAt: 'ASC' } });
    return rows.map((row) => row.detail);
  }
  const connection = () => world.connections.find(admin.accountId, KEY);
  const events = async () =>
    (
      await world.dataSource
        .getRepository(AuditEvent)
        .find({ where: { accountId: admin.accountId }, order: { createdAt: 'ASC' } })
    ).map((e) => e.type);

  before(async () => {
    world = await integrationsWorld();
  });
  after(() => world.close());
  beforeEach(async () => {
    admin = await world.admin();
    world.http.revoked.length = 0;
    world.http.script.profile = 'ok';
  });

  it('connects with a grant: claim, profile, upsert, audit, finish', async () => {
    const { flowId, flow, outcome } = await callback(grant(1));
    assert.equal(flowId, flow.id);
    assert.deepEqual(outcome, { status: 'connected', error: null });
    assert.equal((await connection())?.externalAccountName, 'External Account');
    assert.deepEqual(await events(), ['connect_started', 'connect_succeeded']);
    assert.equal(await world.accessToken(admin), 'at-1');
    assert.deepEqual(world.http.revoked, []);
  });

  it('answers null for a state it cannot end (replayed), and changes nothing', async () => {
    const { state } = await callback(grant(1));
    assert.equal(await world.connectFlow.complete({ integrationKey: KEY, state, answer: grant(2) }, BROWSER, ORIGIN), null);
    assert.equal(await world.accessToken(admin), 'at-1');
  });

  it('ends an expired flow as expired and stores nothing', async () => {
    const started = await world.flows.start(admin, KEY, BROWSER, ORIGIN);
    const state = await world.flows.issueState(started.id, admin.id, BROWSER, undefined);
    await world.dataSource.getRepository(OAuthFlow).update({ id: started.id }, { expiresAt: new Date(Date.now() - 1000) });
    assert.equal(
      await world.connectFlow.complete({ integrationKey: KEY, state: state ?? '', answer: grant(1) }, BROWSER, ORIGIN),
      started.id,
    );
    assert.equal((await world.dataSource.getRepository(OAuthFlow).findOneByOrFail({ id: started.id })).status, 'expired');
    assert.equal(await connection(), null);
    assert.deepEqual((await events()).slice(-1), ['connect_failed']);
  });

  it('refuses a grant from another browser and revokes it', async () => {
    const { outcome } = await callback(grant(1), 'x'.repeat(43));
    assert.deepEqual(outcome, { status: 'failed', error: 'browser_mismatch' });
    assert.equal(await connection(), null);
    assert.deepEqual(world.http.revoked, ['rt-1']);
  });

  it('refuses a denial from another browser like a grant (one claim path, same checks)', async () => {
    const { outcome } = await callback({ kind: 'provider_error', error: 'access_denied' }, 'x'.repeat(43));
    assert.deepEqual(outcome, { status: 'failed', error: 'browser_mismatch' });
  });

  it('refuses to connect for a user who lost the role while the popup was open', async () => {
    await world.dataSource.getRepository(Membership).update({ userId: admin.id }, { roles: [Role.Agent] });
    const { outcome } = await callback(grant(1));
    assert.deepEqual(outcome, { status: 'failed', error: 'forbidden_role' });
    assert.equal(await connection(), null);
    assert.deepEqual(world.http.revoked, ['rt-1']);
  });

  it('records access_denied as denied and another provider error by its (sanitised) code', async () => {
    assert.deepEqual((await callback({ kind: 'provider_error', error: 'access_denied' })).outcome, {
      status: 'denied',
      error: 'access_denied',
    });
    assert.deepEqual((await callback({ kind: 'provider_error', error: 'server_error<script>' })).outcome, {
      status: 'failed',
      error: 'server_errorscript',
    });
    assert.deepEqual(
      (await events()).filter((e) => e !== 'connect_started'),
      ['connect_denied', 'connect_failed'],
    );
  });

  it('classifies a failed code exchange: unreachable or 5xx is unavailable, 4xx is rejected', async () => {
    const unreachable = new ProviderUnreachableError('http://sandbox.test/token', new Error('ECONNREFUSED'));
    const cases: [unknown, string][] = [
      [unreachable, 'provider_unavailable'],
      [
        new InternalOAuthError('Failed to obtain access token', new ProviderHttpError(502, {}, 'http://sandbox.test/token')),
        'provider_unavailable',
      ],
      [new ProviderHttpError(400, { error: 'invalid_grant' }, 'http://sandbox.test/token'), 'provider_rejected'],
      [new Error('surprise'), 'provider_error'],
    ];
    for (const [cause, error] of cases) {
      assert.deepEqual((await callback({ kind: 'exchange_failed', cause })).outcome, { status: 'failed', error });
    }
  });

  it('fails a callback the state store refused before any exchange', async () => {
    assert.deepEqual((await callback({ kind: 'unusable_state' })).outcome, { status: 'failed', error: 'invalid_state' });
  });

  it('revokes the grant when the external account cannot be read', async () => {
    world.http.script.profile = 'down';
    const { outcome } = await callback(grant(1));
    assert.deepEqual(outcome, { status: 'failed', error: 'provider_unavailable' });
    assert.equal(await connection(), null);
    assert.deepEqual(world.http.revoked, ['rt-1']);
  });

  it('lets a concurrent connect that finishes later replace the first, and revokes the replaced grant', async () => {
    await callback(grant(1));
    const { outcome } = await callback(grant(2));
    assert.deepEqual(outcome, { status: 'connected', error: null });
    assert.equal(await world.accessToken(admin), 'at-2');
    assert.deepEqual(world.http.revoked, ['rt-1']);
  });

  it('revokes the grant when storing the connection fails after the code exchange', async () => {
    const upsert = world.connections.upsertGrant.bind(world.connections);
    world.connections.upsertGrant = (() => Promise.reject(new Error('database unavailable'))) as typeof upsert;
    try {
      const { outcome } = await callback(grant(1));
      assert.deepEqual(outcome, { status: 'failed', error: 'storage_failed' });
    } finally {
      world.connections.upsertGrant = upsert;
    }
    assert.equal(await connection(), null);
    assert.deepEqual(world.http.revoked, ['rt-1']);
  });

  it('reconnects the same account in place and gives back the tokens it replaced', async () => {
    await callback(grant(1));
    const before = await connection();
    const { outcome } = await callback(grant(2), BROWSER, 'reconnect');
    assert.deepEqual(outcome, { status: 'connected', error: null });
    assert.equal((await connection())?.id, before?.id);
    assert.equal(await world.accessToken(admin), 'at-2');
    assert.deepEqual(world.http.revoked, ['rt-1']);
    assert.equal((await auditDetails()).at(-1), 'Reconnected to External Account.');
  });

  it('refuses a reconnect signed in as another account: the stored connection stays, the new grant goes back', async () => {
    await callback(grant(1));
    await world.dataSource
      .getRepository(Connection)
      .update(
        { accountId: admin.accountId, integrationKey: KEY },
        { externalAccountId: 'ext-other', externalAccountName: 'Other Person' },
      );
    const { flow, outcome } = await callback(grant(2), BROWSER, 'reconnect');
    assert.deepEqual(outcome, { status: 'failed', error: 'account_mismatch' });
    assert.equal(
      flow.errorDetail,
      'You signed in as External Account; this integration is connected as Other Person. Sign in as Other Person, or disconnect first to switch accounts.',
    );
    assert.equal(await world.accessToken(admin), 'at-1');
    assert.equal((await connection())?.externalAccountId, 'ext-other');
    assert.deepEqual(world.http.revoked, ['rt-2']);
  });
});
