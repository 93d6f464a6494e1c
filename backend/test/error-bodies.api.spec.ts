import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

/** Found by the fuzz suite: routes that answer text or an image labelled their JSON errors that way too. */
describe(`error bodies are labelled JSON on every route (${testDatabaseKind()})`, () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  for (const [route, path, status] of [
    [
      'the webhook handshake (text/plain when it succeeds)',
      '/api/v1/webhooks/facebook?hub.mode=subscribe&hub.verify_token=wrong',
      403,
    ],
    ['an icon (image/svg+xml when it exists)', '/api/v1/integrations/no-such-app/icon.svg', 404],
  ] as const) {
    it(`answers ${route} with an application/json error`, async () => {
      const response = await fetch(`${app.url}${path}`);
      assert.equal(response.status, status);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await response.json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['error', 'message', 'statusCode']);
      assert.equal(body.statusCode, status);
    });
  }
});
