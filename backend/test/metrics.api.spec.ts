import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { Scope } from '../src/auth/scope.enum';
import { EventConsumersService } from '../src/events/event-consumers.service';
import { EventsService } from '../src/events/events.service';
import { EventType } from '../src/events/event-type.enum';
import { Connection } from '../src/integrations/connections/connection.entity';
import { ConnectionsService } from '../src/integrations/connections/connections.service';
import { createApiKey } from './factories/accounts.factory';
import { freePort } from './support/free-port';
import { LeadAdsHarness } from './support/lead-ads-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { startTestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** The value of one series in a Prometheus text exposition, e.g. `aurora_x_total{a="b"}`. */
function series(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of body.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((label) => have.includes(label))) return Number(match[3]);
  }
  return undefined;
}

describe(`metrics (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let admin: SignedInDriver;
  let metricsPort: number;

  const scrape = (url: string, token?: string) =>
    fetch(`${url}/metrics`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  before(async () => {
    metricsPort = await freePort();
    stack = await startTestStack({ env: { METRICS_TOKEN: TOKEN, METRICS_PORT: String(metricsPort) } });
    admin = await signedInAdmin(stack.app);
  });
  after(() => stack.close());

  it('refuses anonymous scrapes and wrong tokens on the main port and on the metrics port', async () => {
    for (const url of [stack.app.url, `http://127.0.0.1:${metricsPort}`]) {
      for (const token of [undefined, 'wrong-token-wrong-token-wrong']) {
        const response = await scrape(url, token);
        assert.equal(response.status, 401, url);
        assert.equal(response.headers.get('www-authenticate'), 'Bearer');
        assert.doesNotMatch(await response.text(), /aurora_/);
      }
    }
  });

  it('counts requests per route template, connect outcomes, webhook intake and database figures', async () => {
    const key = await createApiKey(stack.app.app, admin.user.accountId, [Scope.IntegrationsRead]);
    for (const path of ['/api/v1/integrations/hubspot', '/api/v1/integrations/slack', '/api/v1/integrations/nope']) {
      await fetch(`${stack.app.url}${path}`, { headers: { Authorization: `Bearer ${key}` } });
    }
    const afterReads = await (await scrape(`http://127.0.0.1:${metricsPort}`, TOKEN)).text();
    const byRoute = { method: 'GET', route: '/api/v1/integrations/:key' };
    assert.equal(series(afterReads, 'aurora_http_request_duration_seconds_count', { ...byRoute, status: '200' }), 2);
    assert.equal(series(afterReads, 'aurora_http_request_duration_seconds_count', { ...byRoute, status: '404' }), 1);
    assert.doesNotMatch(afterReads, /route="\/api\/v1\/integrations\/hubspot"/, 'raw paths never become labels');

    await admin.connect('hubspot');
    // Due for a refresh: the next token read refreshes it at the sandbox.
    await stack.app.app
      .get(DataSource)
      .getRepository(Connection)
      .update({ accountId: admin.user.accountId, integrationKey: 'hubspot' }, { tokenExpiresAt: new Date() });
    await stack.app.app.get(ConnectionsService).accessToken(admin.user.accountId, 'hubspot');
    const { flowId } = await admin.startConnect('slack');
    assert.equal((await admin.api('DELETE', `/api/v1/integrations/flows/${flowId}`)).status, 204);
    const lead = new LeadAdsHarness(stack);
    const body = lead.leadgenBody({ leadId: '9990001', pageId: '1000001', formId: '2000001' });
    assert.equal((await lead.postWebhook(body, lead.sign(body))).status, 200);
    const consumers = stack.app.app.get(EventConsumersService);
    await consumers.register('metrics-test');
    await stack.app.app.get(EventsService).append(undefined, {
      type: EventType.ConnectionDisconnected,
      accountId: admin.user.accountId,
      data: { integrationKey: 'hubspot' },
    });

    const response = await scrape(`http://127.0.0.1:${metricsPort}`, TOKEN);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.equal(series(text, 'aurora_connect_outcomes_total', { provider: 'hubspot', status: 'connected' }), 1);
    assert.equal(series(text, 'aurora_connect_outcomes_total', { provider: 'slack', status: 'cancelled' }), 1);
    assert.equal(series(text, 'aurora_token_refreshes_total', { provider: 'hubspot', outcome: 'refreshed' }), 1);
    assert.equal(series(text, 'aurora_facebook_webhook_leads_total', { outcome: 'ignored' }), 1);
    assert.equal(series(text, 'aurora_lead_inbox_depth'), 0, 'the ignored lead never entered the inbox');
    assert.equal(series(text, 'aurora_lead_inbox_oldest_age_seconds'), 0);
    assert.equal(series(text, 'aurora_revocation_outbox_depth'), 0);
    assert.equal(series(text, 'aurora_event_consumer_lag_events', { consumer: 'metrics-test' }), 1);
    assert.ok((series(text, 'aurora_event_consumer_lag_seconds', { consumer: 'metrics-test' }) ?? -1) >= 0);
    const pool = testDatabaseKind() === 'mysql' ? { state: 'max' } : { state: 'open' };
    assert.ok((series(text, 'aurora_db_pool_connections', pool) ?? 0) >= 1);
    assert.match(text, /^process_resident_memory_bytes /m);
    assert.match(text, /^# TYPE aurora_event_delivery_attempts_total counter$/m);

    const mainPort = await scrape(stack.app.url, TOKEN);
    assert.equal(mainPort.status, 200, 'the main port serves the same figures with the token');
    assert.ok(series(await mainPort.text(), 'aurora_connect_outcomes_total', { provider: 'hubspot', status: 'connected' }));
  });

  it('npm run cli -- stats prints the database figures, and with --url the instance counters, then exits', async () => {
    const cli = join(__dirname, '../src/cli.js');
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'stats', '--url', metricsUrl], {
      env: { ...process.env, DATABASE_URL: stack.app.databaseUrl, LOG_LEVEL: 'warn', METRICS_TOKEN: TOKEN },
    });
    const lines = stdout.split('\n');
    assert.ok(lines.includes('aurora_revocation_outbox_depth 0'), stdout);
    assert.ok(lines.includes('aurora_event_consumer_lag_events{consumer="metrics-test"} 1'), stdout);
    assert.ok(lines.includes('aurora_connect_outcomes_total{provider="hubspot",status="connected"} 1'), stdout);
  });
});

describe(`metrics off by default (${testDatabaseKind()})`, () => {
  it('serves no /metrics at all without METRICS_TOKEN or METRICS_PORT (not even the SPA page)', async () => {
    delete process.env.METRICS_TOKEN;
    delete process.env.METRICS_PORT;
    const spaDir = mkdtempSync(join(tmpdir(), 'aurora-spa-'));
    writeFileSync(join(spaDir, 'index.html'), '<!doctype html><title>Aurora</title>');
    const app = await startTestApp({ env: { SPA_DIR: spaDir } });
    try {
      assert.equal((await fetch(`${app.url}/integrations`)).status, 200, 'the SPA is served');
      const response = await fetch(`${app.url}/metrics`);
      assert.equal(response.status, 404);
      assert.doesNotMatch(await response.text(), /aurora_|doctype/i);
    } finally {
      await app.close();
    }
  });
});
