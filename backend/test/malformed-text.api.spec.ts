import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

/** Found by the fuzz suite: `{"email":"\ud800"}` made the e-mail validator throw (encodeURI) → 500. */
describe(`half a surrogate pair in a JSON body answers 400 (${testDatabaseKind()})`, () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  for (const body of ['{"email":"\\ud800","password":"x"}', '{"email":"a@b.test","password":"\\udfff"}', '{"\\ud800":1}']) {
    it(`refuses ${body} before validation`, async () => {
      const response = await fetch(`${app.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: app.url },
        body,
      });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_unicode');
    });
  }
});
