import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

/** ~200 kB of arrays inside arrays: the body that overflowed the validator's stack. */
const DEEP_ARRAYS = '['.repeat(100_000) + ']'.repeat(100_000);
const nestedObject = (depth: number): string => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

/**
 * Deeply nested JSON → 500 without sign-in (issue #11): the validator recursed until the stack overflowed,
 * and a few such requests slowed every other request down. Bodies nested deeper than 32 levels are now
 * refused by the body parsing step, before anything reads them.
 */
describe(`Deeply nested JSON → 500 without sign-in: refused with 400 before validation (${testDatabaseKind()})`, () => {
  let app: TestApp;
  const post = (path: string, body: string, type = 'application/json') =>
    fetch(`${app.url}${path}`, { method: 'POST', headers: { 'Content-Type': type, Origin: app.url }, body });

  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  it('answers 200 kB of nested arrays with 400 on sign-in and both Facebook webhooks', async () => {
    for (const path of ['/api/v1/auth/login', '/api/v1/webhooks/facebook/deauthorize', '/api/v1/webhooks/facebook']) {
      const response = await post(path, DEEP_ARRAYS);
      assert.equal(response.status, 400, path);
      assert.deepEqual(await response.json(), {
        statusCode: 400,
        error: 'body_too_deep',
        message: 'The request body is nested more than 32 levels deep.',
      });
    }
  });

  it('lets 32 levels through to validation and refuses 33', async () => {
    const atLimit = await post('/api/v1/auth/login', nestedObject(32));
    assert.equal(atLimit.status, 400);
    assert.equal(((await atLimit.json()) as { error: string }).error, 'validation_failed');
    const over = await post('/api/v1/auth/login', nestedObject(33));
    assert.equal(((await over.json()) as { error: string }).error, 'body_too_deep');
  });

  it('keeps form bodies flat: bracket keys are names, not nesting', async () => {
    const response = await post('/api/v1/auth/login', `${'a'}${'[a]'.repeat(5000)}=1`, 'application/x-www-form-urlencoded');
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'validation_failed');
  });

  it('stays healthy while eight such bodies arrive at once', async () => {
    const deep = Array.from({ length: 8 }, () => post('/api/v1/auth/login', DEEP_ARRAYS).then((r) => r.status));
    const health = await fetch(`${app.url}/api/v1/health`);
    assert.deepEqual(await Promise.all(deep), Array(8).fill(400));
    assert.equal(health.status, 200);
  });
});
