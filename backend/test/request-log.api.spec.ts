import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

/** At `warn` the lean request log stands in for pino-http: same ids, same lines for failures, nothing else. */
describe(`request log above debug (${testDatabaseKind()})`, () => {
  let app: TestApp;
  const logFile = join(mkdtempSync(join(tmpdir(), 'aurora-request-log-')), 'app.log');
  const lines = () =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) =>
          JSON.parse(line) as { level: number; msg: string; req?: { id: string; url: string }; res?: { statusCode: number } },
      );

  before(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'warn', LOG_FILE: logFile } });
  });
  after(() => app.close());

  it('echoes a sane X-Request-Id or makes one, as pino-http did', async () => {
    const given = await fetch(`${app.url}/api/v1/health`, { headers: { 'X-Request-Id': 'trace-42' } });
    assert.equal(given.headers.get('x-request-id'), 'trace-42');
    const made = await fetch(`${app.url}/api/v1/health`, { headers: { 'X-Request-Id': 'no spaces allowed' } });
    assert.match(made.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('logs a failed request once at warn with its id and a redacted URL, and no successful one', async () => {
    await fetch(`${app.url}/api/v1/health`, { headers: { 'X-Request-Id': 'quiet-ok' } });
    const refused = await fetch(`${app.url}/api/v1/integrations?code=very-secret`, {
      headers: { 'X-Request-Id': 'refused-1', Authorization: 'Bearer aur_not_a_key' },
    });
    assert.equal(refused.status, 401);
    await sleep(50);
    const logged = lines().filter((line) => line.req);
    assert.equal(logged.filter((line) => line.req?.id === 'quiet-ok').length, 0);
    const [failure, ...more] = logged.filter((line) => line.req?.id === 'refused-1');
    assert.equal(more.length, 0);
    assert.equal(failure.level, 40);
    assert.equal(failure.res?.statusCode, 401);
    assert.equal(failure.req?.url, '/api/v1/integrations?code=%5BRedacted%5D');
    assert.doesNotMatch(readFileSync(logFile, 'utf8'), /very-secret|aur_not_a_key/);
  });
});
