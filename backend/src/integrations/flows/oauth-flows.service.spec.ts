import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UserCaller } from '../../auth/auth-user';
import { integrationsWorld, IntegrationsWorld } from '../../../test/support/integrations-world';
import { OAuthFlow } from './oauth-flow.entity';
import { OAuthFlowsService } from './oauth-flows.service';

const ORIGIN = { ip: '127.0.0.1', requestId: 'unit' };
const BROWSER = 'b'.repeat(43);

describe(OAuthFlowsService.name, () => {
  let world: IntegrationsWorld;
  let admin: UserCaller;
  const row = (id: string) => world.dataSource.getRepository(OAuthFlow).findOneByOrFail({ id });

  /** A flow whose authorize link was opened: it has a state to come back with. */
  async function authorized(key = 'calendly', codeVerifier?: string): Promise<{ flow: OAuthFlow; state: string }> {
    const flow = await world.flows.start(admin, key, BROWSER, ORIGIN);
    const state = await world.flows.issueState(flow.id, admin.id, BROWSER, codeVerifier);
    assert.ok(state);
    return { flow, state };
  }

  before(async () => {
    world = await integrationsWorld();
    admin = await world.admin();
  });
  after(() => world.close());

  describe('issueState', () => {
    it('issues a state once, only to the browser and user that started the flow', async () => {
      const flow = await world.flows.start(admin, 'slack', BROWSER, ORIGIN);
      assert.equal(await world.flows.issueState(flow.id, admin.id, 'x'.repeat(43), undefined), null);
      assert.equal(await world.flows.issueState(flow.id, 'someone-else', BROWSER, undefined), null);
      assert.ok(await world.flows.issueState(flow.id, admin.id, BROWSER, undefined));
      assert.equal(await world.flows.issueState(flow.id, admin.id, BROWSER, undefined), null);
    });
  });

  describe('codeVerifierFor', () => {
    it('hands the PKCE verifier back only for a pending flow in the browser that started it', async () => {
      const { flow, state } = await authorized('calendly', 'the-verifier');
      assert.equal(await world.flows.codeVerifierFor('calendly', state, BROWSER), 'the-verifier');
      assert.equal(await world.flows.codeVerifierFor('calendly', state, 'x'.repeat(43)), null);
      assert.equal(await world.flows.codeVerifierFor('calendly', state, undefined), null);
      assert.equal(await world.flows.codeVerifierFor('hubspot', state, BROWSER), null);
      assert.equal((await world.flows.claim('calendly', state)).outcome, 'claimed');
      assert.equal(await world.flows.codeVerifierFor('calendly', state, BROWSER), null, 'a claimed flow is spent');
      assert.equal((await row(flow.id)).status, 'pending', 'looking the verifier up changes nothing');
    });

    it('answers true when the provider uses no PKCE', async () => {
      const { state } = await authorized('calendly');
      assert.equal(await world.flows.codeVerifierFor('calendly', state, BROWSER), true);
    });
  });

  describe('claim', () => {
    it('lets exactly one of two concurrent callbacks with the same state claim the flow', async () => {
      const { flow, state } = await authorized();
      const outcomes = await Promise.all([world.flows.claim('calendly', state), world.flows.claim('calendly', state)]);
      assert.deepEqual(outcomes.map((o) => o.outcome).sort(), ['claimed', 'invalid']);
      const claimed = outcomes.find((o) => o.outcome === 'claimed');
      assert.equal(claimed && 'flow' in claimed ? claimed.flow.id : null, flow.id);
      assert.ok((await row(flow.id)).consumedAt);
    });

    it("answers invalid for another integration's state and leaves that flow pending", async () => {
      const { flow, state } = await authorized('pipedrive');
      assert.equal((await world.flows.claim('calendly', state)).outcome, 'invalid');
      assert.deepEqual(
        { status: (await row(flow.id)).status, consumedAt: (await row(flow.id)).consumedAt },
        {
          status: 'pending',
          consumedAt: null,
        },
      );
    });

    it('answers invalid for an unknown, empty or oversized state', async () => {
      for (const state of ['nope', '', 'x'.repeat(201)])
        assert.equal((await world.flows.claim('calendly', state)).outcome, 'invalid');
    });

    it('records a flow past its expiry as expired instead of claiming it', async () => {
      const { flow, state } = await authorized();
      await world.dataSource.getRepository(OAuthFlow).update({ id: flow.id }, { expiresAt: new Date(Date.now() - 1000) });
      assert.equal((await world.flows.claim('calendly', state)).outcome, 'expired');
      assert.deepEqual(
        { status: (await row(flow.id)).status, error: (await row(flow.id)).error },
        {
          status: 'expired',
          error: 'expired',
        },
      );
      assert.equal((await world.flows.claim('calendly', state)).outcome, 'invalid');
    });
  });

  describe('cleanUp', () => {
    it('expires abandoned pending flows and deletes flows older than a day', async () => {
      const repo = world.dataSource.getRepository(OAuthFlow);
      const abandoned = await world.flows.start(admin, 'slack', BROWSER, ORIGIN);
      const fresh = await world.flows.start(admin, 'slack', BROWSER, ORIGIN);
      const old = await world.flows.start(admin, 'slack', BROWSER, ORIGIN);
      await repo.update({ id: abandoned.id }, { expiresAt: new Date(Date.now() - 1000) });
      await repo.update({ id: old.id }, { createdAt: new Date(Date.now() - 25 * 3600_000) });
      await world.flows.cleanUp();
      assert.equal((await row(abandoned.id)).status, 'expired');
      assert.equal((await row(fresh.id)).status, 'pending');
      assert.equal(await repo.findOneBy({ id: old.id }), null);
    });
  });
});
