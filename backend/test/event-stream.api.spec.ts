import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scope } from '../src/auth/scope.enum';
import { EventType } from '../src/events/event-type.enum';
import { EventsService } from '../src/events/events.service';
import { DrainService } from '../src/health/drain.service';
import { Role } from '../src/roles/role.enum';
import { createApiKey } from './factories/accounts.factory';
import { SignedInDriver, signedIn } from './support/signed-in';
import { SseClient, SseMessage } from './support/sse-client';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

describe(`browser event stream (${testDatabaseKind()})`, () => {
  let app: TestApp;
  let events: EventsService;
  let admin: SignedInDriver;
  let colleague: SignedInDriver;
  let otherAdmin: SignedInDriver;
  const open: SseClient[] = [];

  before(async () => {
    app = await startTestApp({ env: { EVENT_STREAM_POLL_MS: '50', EVENT_STREAM_HEARTBEAT_MS: '200' } });
    events = app.app.get(EventsService);
    admin = await signedIn(app);
    colleague = await signedIn(app, { sameAccountAs: admin });
    otherAdmin = await signedIn(app);
  });
  after(async () => {
    await Promise.all(open.map((client) => client.close()));
    await app.close();
  });

  const streamUrl = () => `${app.url}/api/v1/events/stream`;
  async function stream(driver: SignedInDriver, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = await SseClient.open(streamUrl(), { Cookie: driver.jar.header(), ...headers });
    assert.ok(client instanceof SseClient, `the stream answered ${(client as Response).status}`);
    open.push(client);
    return client;
  }
  const append = async (driver: SignedInDriver, n: number) =>
    (await events.append(undefined, { type: EventType.FormConnectionSaved, accountId: driver.user.accountId, data: { n } }))[0];
  const parsed = (message: SseMessage | null) =>
    JSON.parse(message!.data) as { id: string; accountId: string; data: { n: number } };

  it('sends each event of the caller’s account as it commits: id, type and the event as JSON', async () => {
    const before = await append(admin, 0);
    const client = await stream(admin);
    assert.equal(client.response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(client.response.headers.get('cache-control'), 'no-cache, no-transform');
    const sent = await append(admin, 1);

    const message = await client.next();
    assert.equal(message?.id, sent.id, 'starts at the end of the log: what happened before is not replayed');
    assert.notEqual(message?.id, before.id);
    assert.equal(message?.event, 'form_connection.saved');
    assert.deepEqual(parsed(message), {
      id: sent.id,
      type: 'form_connection.saved',
      accountId: admin.user.accountId,
      occurredAt: sent.occurredAt.toISOString(),
      data: { n: 1 },
    });
    assert.ok(client.retry! > 0, 'tells the browser how soon to reconnect');
  });

  it('shows another account’s admin nothing of this account', async () => {
    const mine = await stream(admin);
    const theirs = await stream(otherAdmin);
    const sameAccount = await stream(colleague);
    const ours = await append(admin, 2);
    const other = await append(otherAdmin, 3);

    assert.equal((await mine.next())?.id, ours.id);
    assert.equal((await sameAccount.next())?.id, ours.id, 'every admin of the account sees it');
    // The other account's first message is its own, later event: ours never reached it.
    assert.equal((await theirs.next())?.id, other.id);
    const later = await append(admin, 4);
    assert.equal((await mine.next())?.id, later.id, 'and the other account’s event never reached this one');
  });

  it('resumes after Last-Event-ID: the missed events of the account, in order, then live ones', async () => {
    const seen = await append(admin, 10);
    const missed = [await append(admin, 11), await append(otherAdmin, 12), await append(admin, 13)];
    const client = await stream(admin, { 'Last-Event-ID': seen.id });
    const live = await append(admin, 14);

    const received = [await client.next(), await client.next(), await client.next()];
    assert.deepEqual(
      received.map((message) => message?.id),
      [missed[0].id, missed[2].id, live.id],
    );
    assert.deepEqual(
      received.map((message) => parsed(message).data.n),
      [11, 13, 14],
    );
  });

  it('refuses a Last-Event-ID that is not an event id with 400', async () => {
    const response = await SseClient.open(streamUrl(), { Cookie: admin.jar.header(), 'Last-Event-ID': 'abc' });
    assert.ok(!(response instanceof SseClient));
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_last_event_id');
  });

  it('is for Channels Administrators’ sessions only: agents and API keys are refused, strangers must sign in', async () => {
    const agent = await signedIn(app, { role: Role.Agent, sameAccountAs: admin });
    const key = await createApiKey(app.app, admin.user.accountId, Object.values(Scope));
    const refusals: { headers: Record<string, string>; status: number; error: string }[] = [
      { headers: { Cookie: agent.jar.header() }, status: 403, error: 'forbidden_role' },
      { headers: { Authorization: `Bearer ${key}` }, status: 403, error: 'forbidden_api_key' },
      { headers: {}, status: 401, error: 'unauthorized' },
    ];
    for (const { headers, status, error } of refusals) {
      const response = await SseClient.open(streamUrl(), headers);
      assert.ok(!(response instanceof SseClient), `${error}: the stream opened`);
      assert.equal(response.status, status);
      assert.equal(((await response.json()) as { error: string }).error, error);
    }
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const client = await stream(admin);
    await client.nextComment();
    assert.ok(client.comments >= 1);
  });

  // Last: it drains the instance.
  it('ends every stream when the instance starts draining, and refuses new ones', async () => {
    const client = await stream(admin);
    app.app.get(DrainService).begin();
    assert.equal(await client.next(), null, 'the stream ended');
    const refused = await SseClient.open(streamUrl(), { Cookie: admin.jar.header() });
    assert.ok(!(refused instanceof SseClient));
    assert.equal(refused.status, 503);
  });
});
