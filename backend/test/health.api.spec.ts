import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

describe(`health and error shape (${testDatabaseKind()})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('reports the database as up', async () => {
    const res = await fetch(`${app.url}/api/v1/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', db: 'up' });
  });

  it('answers unknown routes with the JSON error shape and a request id', async () => {
    const res = await fetch(`${app.url}/api/v1/no-such-route`);
    assert.equal(res.status, 404);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.statusCode, 404);
    assert.equal(body.error, 'not_found');
    assert.ok(res.headers.get('x-request-id'));
  });

  it('answers 503 while the database is unreachable and recovers after', async () => {
    const { DataSource } = await import('typeorm');
    const dataSource = app.app.get(DataSource);
    const original = dataSource.query.bind(dataSource);
    dataSource.query = () => Promise.reject(new Error('connection lost'));
    try {
      const down = await fetch(`${app.url}/api/v1/health`);
      assert.equal(down.status, 503);
      assert.equal(((await down.json()) as { error: string }).error, 'database_unavailable');
    } finally {
      dataSource.query = original;
    }
    assert.equal((await fetch(`${app.url}/api/v1/health`)).status, 200);
  });
});
