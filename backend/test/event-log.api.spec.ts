import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { Scope } from '../src/auth/scope.enum';
import { inTransaction } from '../src/common/transactions';
import { EventConsumersService } from '../src/events/event-consumers.service';
import { EventType } from '../src/events/event-type.enum';
import { EventsService, NewEvent } from '../src/events/events.service';
import { createAccount, createApiKey } from './factories/accounts.factory';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

const event = (accountId: string, n: number, type = EventType.ConnectionConnected): NewEvent => ({
  type,
  accountId,
  data: { n },
});

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe(`event log (${testDatabaseKind()})`, () => {
  let app: TestApp;
  let events: EventsService;
  let consumers: EventConsumersService;
  let dataSource: DataSource;
  let accountId: string;

  before(async () => {
    app = await startTestApp();
    events = app.app.get(EventsService);
    consumers = app.app.get(EventConsumersService);
    dataSource = app.app.get(DataSource);
  });
  after(() => app.close());
  beforeEach(async () => {
    await dataSource.query('DELETE FROM events');
    await dataSource.query('DELETE FROM event_cursors');
    await dataSource.query(`UPDATE event_sequence SET last_id = 0`);
    accountId = await createAccount(app.app);
  });

  it('records an event only when the transaction that wrote it commits', async () => {
    await assert.rejects(
      inTransaction(dataSource, async (manager) => {
        await events.append(manager, event(accountId, 1));
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.deepEqual((await events.list({ accountId, limit: 10 })).events, []);
    const [next] = await events.append(undefined, event(accountId, 2));
    assert.equal(next.id, '1', 'the rolled-back event used no id');
  });

  it('hands out ids in commit order, without gaps, to concurrent writers', async () => {
    await Promise.all([
      ...Array.from({ length: 30 }, (_, n) => events.append(undefined, event(accountId, n))),
      ...Array.from({ length: 10 }, (_, n) =>
        inTransaction(dataSource, (manager) =>
          events.append(manager, event(accountId, 100 + n), event(accountId, 200 + n), event(accountId, 300 + n)),
        ),
      ),
    ]);
    const page = await events.list({ accountId, limit: 100 });
    assert.deepEqual(
      page.events.map((e) => e.id),
      Array.from({ length: 60 }, (_, n) => String(n + 1)),
    );
    assert.equal(page.lastEventId, '60');
  });

  it('never shows a reader an event whose transaction has not committed', async () => {
    const appended = deferred();
    const gate = deferred();
    const writing = inTransaction(dataSource, async (manager) => {
      await events.append(manager, event(accountId, 1));
      appended.resolve();
      await gate.promise;
    });
    await appended.promise;
    const reading = events.list({ accountId, limit: 10 });
    gate.reject(new Error('rolled back'));
    await assert.rejects(writing, /rolled back/);
    const page = await reading;
    assert.deepEqual(page.events, []);
    assert.equal(page.lastEventId, '0');
  });

  it('makes a writer that starts while another transaction is open take the next id after it', async () => {
    const appended = deferred();
    const gate = deferred();
    const first = inTransaction(dataSource, async (manager) => {
      await events.append(manager, event(accountId, 1));
      appended.resolve();
      await gate.promise;
    });
    await appended.promise;
    const second = events.append(undefined, event(accountId, 2));
    gate.resolve();
    await first;
    await second;
    const page = await events.list({ accountId, limit: 10 });
    assert.deepEqual(
      page.events.map((e) => [e.id, JSON.parse(e.data)]),
      [
        ['1', { n: 1 }],
        ['2', { n: 2 }],
      ],
    );
  });

  it('moves a consumer through every event once and in order, however many workers compete', async () => {
    await consumers.register('test-consumer');
    for (let n = 1; n <= 25; n++) await events.append(undefined, event(accountId, n));
    const seen: string[] = [];
    const worker = async () => {
      while ((await consumers.position('test-consumer')) !== '25') {
        await consumers.runBatch('test-consumer', async (batch) => void seen.push(...batch.map((e) => e.id)), 4);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    assert.deepEqual(
      seen,
      Array.from({ length: 25 }, (_, n) => String(n + 1)),
    );
  });

  it('starts a new consumer at the end of the log, and leaves a failed batch to be handled again', async () => {
    await events.append(undefined, event(accountId, 1));
    await consumers.register('late-consumer');
    await events.append(undefined, event(accountId, 2));
    await assert.rejects(
      consumers.runBatch('late-consumer', () => Promise.reject(new Error('delivery table unavailable'))),
      /delivery table unavailable/,
    );
    assert.equal(await consumers.position('late-consumer'), '1');
    const handled: string[] = [];
    assert.equal(await consumers.runBatch('late-consumer', async (batch) => void handled.push(...batch.map((e) => e.id))), 1);
    assert.deepEqual(handled, ['2']);
  });

  describe('GET /api/v1/events', () => {
    const read = async (key: string, query = '') => {
      const response = await fetch(`${app.url}/api/v1/events${query}`, { headers: { Authorization: `Bearer ${key}` } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    it("lists the key's own account's events after a cursor, filtered by type, and moves the cursor past the rest", async () => {
      const otherAccount = await createAccount(app.app);
      await events.append(undefined, event(accountId, 1), event(otherAccount, 2), event(accountId, 3, EventType.LeadReceived));
      await events.append(undefined, event(accountId, 4));
      const key = await createApiKey(app.app, accountId, [Scope.EventsRead]);

      const all = await read(key);
      assert.equal(all.status, 200);
      const data = all.body.data as { id: string; type: string; accountId: string; occurredAt: string; data: unknown }[];
      assert.deepEqual(
        data.map((e) => [e.id, e.type, e.data]),
        [
          ['1', 'connection.connected', { n: 1 }],
          ['3', 'lead.received', { n: 3 }],
          ['4', 'connection.connected', { n: 4 }],
        ],
      );
      assert.ok(data.every((e) => e.accountId === accountId && !Number.isNaN(Date.parse(e.occurredAt))));
      assert.equal(all.body.lastEventId, '4');

      const leads = await read(key, '?after=1&types=lead.received');
      assert.deepEqual(
        (leads.body.data as { id: string }[]).map((e) => e.id),
        ['3'],
      );
      assert.equal(leads.body.lastEventId, '4', 'the cursor moves past events the filter left out');

      const paged = await read(key, '?limit=1');
      assert.equal(paged.body.lastEventId, '1');
      assert.deepEqual(await read(key, '?after=4'), { status: 200, body: { data: [], lastEventId: '4' } });
    });

    it('answers 400 naming the parameter for a bad cursor, type or limit', async () => {
      const key = await createApiKey(app.app, accountId, [Scope.EventsRead]);
      for (const [query, field] of [
        ['?after=abc', 'after'],
        ['?after=-1', 'after'],
        ['?types=lead.recieved', 'types'],
        ['?limit=0', 'limit'],
      ]) {
        const { status, body } = await read(key, query);
        assert.equal(status, 400, query);
        assert.match(String(body.message), new RegExp(field), query);
      }
    });
  });
});
