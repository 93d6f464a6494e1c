import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Role } from '../src/roles/role.enum';
import { DESTINATION_ENV, DestinationsHarness } from './support/destinations-harness';
import { SignedInDriver, signedIn, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

const KEY = 'slack';
const LEADS = { channelId: 'C0LEADS0001', channelName: '#leads' };

/** Slack lead alerts: one message per new lead in the picked channel, whatever Slack and the network do. */
describe(`Slack lead alerts (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: DestinationsHarness;
  let admin: SignedInDriver;
  let n = 0;
  const messagesTo = async (channel: string) => (await h.log('slack_message')).filter((m) => m.data?.channel === channel);

  before(async () => {
    stack = await startTestStack({ env: DESTINATION_ENV });
    h = new DestinationsHarness(stack);
    admin = await signedInAdmin(stack.app);
    await h.importLeads(admin);
    await admin.connect(KEY);
  });
  after(() => stack.close());
  beforeEach(() => h.reset());

  it('lists channels the bot can post to, searchable and paged', async () => {
    const all = await h.json<{ items: { id: string; name: string; detail: string }[] }>(
      admin,
      'GET',
      `/api/v1/integrations/${KEY}/destination/lookups/channels`,
    );
    assert.equal(all.status, 200);
    const names = all.body.items.map((c) => c.name);
    assert.ok(names.includes('#leads') && names.includes('#vip-leads'));
    assert.ok(!names.includes('#board'), 'a private channel without the bot is not listed');
    assert.ok(!names.includes('#old-leads'), 'archived channels are not offered');
    const found = await h.json<{ items: { name: string }[] }>(
      admin,
      'GET',
      `/api/v1/integrations/${KEY}/destination/lookups/channels?query=lead`,
    );
    assert.deepEqual(
      found.body.items.map((c) => c.name),
      ['#leads', '#vip-leads'],
    );
  });

  it('refuses bad settings with 400 naming the field, and agents with 403', async () => {
    const bad = await h.json<{ message: string }>(admin, 'PUT', `/api/v1/integrations/${KEY}/destination`, {
      channelId: 'leads!',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /channelId/);
    const extra = await h.json<{ message: string }>(admin, 'PUT', `/api/v1/integrations/${KEY}/destination`, {
      ...LEADS,
      colour: 'red',
    });
    assert.equal(extra.status, 400);
    assert.match(extra.body.message, /colour/);
    const agent = await signedIn(stack.app, { role: Role.Agent, sameAccountAs: admin });
    const refused = await h.json<{ error: string }>(agent, 'PUT', `/api/v1/integrations/${KEY}/destination`, LEADS);
    assert.equal(refused.status, 403);
  });

  it('posts exactly one message per lead to #leads, even when the webhook comes twice', async () => {
    assert.equal((await h.json(admin, 'PUT', `/api/v1/integrations/${KEY}/destination`, LEADS)).status, 200);
    const lead = await h.lead('Ada Lovelace', ++n);
    await h.until(
      'one message',
      () => messagesTo('C0LEADS0001'),
      (m) => m.length === 1,
    );
    await h.redeliver(lead.leadId);
    await h.settled(admin, KEY, 1);
    const messages = await messagesTo('C0LEADS0001');
    assert.equal(messages.length, 1);
    assert.match(String(messages[0].data?.text), /Ada Lovelace/);
    assert.match(JSON.stringify(messages[0].data?.blocks), /\/contacts\?contact=/);
    const status = await h.destination(admin, KEY);
    assert.ok(status.body.lastDeliveredAt);
    assert.equal(status.body.lastError, null);
  });

  it('waits out a 429 Retry-After and then posts once', async () => {
    await h.scriptError(KEY, 'chat.postMessage', 'ratelimited', 1, 1);
    const before = Date.now();
    await h.lead('Grace Hopper', ++n);
    const [message] = await h.until(
      'message after the 429',
      () => messagesTo('C0LEADS0001'),
      (m) => m.length === 1,
    );
    assert.ok(Date.parse(message.at) - before >= 1000, 'sent only after Retry-After');
    await h.settled(admin, KEY, 2);
    assert.equal((await messagesTo('C0LEADS0001')).length, 1);
  });

  it('never posts twice when Slack took a message but its answer was lost', async () => {
    await h.scriptError(KEY, 'chat.postMessage', 'answer_lost');
    await h.lead('Hedy Lamarr', ++n);
    const deliveries = await h.until(
      'unconfirmed delivery',
      async () => (await h.deliveries(admin, KEY)).body,
      (list) => list[0]?.status === 'unconfirmed',
    );
    assert.match(deliveries[0].lastError as string, /may or may not/);
    assert.equal(deliveries[0].attempts, 1);
    assert.equal((await messagesTo('C0LEADS0001')).length, 1, 'the one message Slack took, not a retry');
  });

  it('says in plain words that the channel is gone, then recovers when another is picked', async () => {
    await h.scriptError(KEY, 'chat.postMessage', 'channel_not_found', 0);
    await h.lead('Katherine Johnson', ++n);
    const status = await h.until(
      'error shown',
      () => h.destination(admin, KEY),
      (s) => /is gone/.test(s.body.lastError ?? ''),
    );
    assert.match(status.body.lastError as string, /#leads is gone/);
    const test = await h.json<{ error: string; message: string }>(
      admin,
      'POST',
      `/api/v1/integrations/${KEY}/destination/test`,
      LEADS,
    );
    assert.equal(test.status, 422);
    assert.match(test.body.message, /gone/);
    await h.scriptError(KEY, 'chat.postMessage', null);
    await h.json(admin, 'PUT', `/api/v1/integrations/${KEY}/destination`, LEADS);
    await h.until(
      'held alert sent',
      () => messagesTo('C0LEADS0001'),
      (m) => m.length === 1,
    );
    assert.equal(
      (
        await h.until(
          'error cleared',
          () => h.destination(admin, KEY),
          (s) => s.body.lastError === null,
        )
      ).status,
      200,
    );
  });

  it('sends a test message on request', async () => {
    const sent = await h.json<{ sent: boolean }>(admin, 'POST', `/api/v1/integrations/${KEY}/destination/test`, LEADS);
    assert.equal(sent.status, 200);
    const [message] = await messagesTo('C0LEADS0001');
    assert.match(String(message.data?.text), /Test lead/);
  });

  it('stops on disconnect and resumes with the same settings after reconnecting', async () => {
    const settledBefore = (await h.deliveries(admin, KEY)).body.length;
    assert.equal((await admin.api('DELETE', `/api/v1/integrations/${KEY}/connection`)).status, 204);
    await h.lead('Margaret Hamilton', ++n);
    await h.settled(admin, KEY, settledBefore + 1);
    assert.equal((await messagesTo('C0LEADS0001')).length, 0);
    await admin.connect(KEY);
    assert.deepEqual((await h.destination(admin, KEY)).body.settings, LEADS);
    await h.lead('Radia Perlman', ++n);
    const [message] = await h.until(
      'resumed',
      () => messagesTo('C0LEADS0001'),
      (m) => m.length === 1,
    );
    assert.match(String(message.data?.text), /Radia Perlman/);
  });
});
