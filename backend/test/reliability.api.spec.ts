import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { Connection } from '../src/integrations/connections/connection.entity';
import { ConnectionsService } from '../src/integrations/connections/connections.service';
import { COFFEE_PAGE, KEY, LeadAdsHarness, person, SUBSCRIPTION_FORM } from './support/lead-ads-harness';
import { freePort } from './support/free-port';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { freshDatabaseUrl, testDatabaseKind } from './support/test-database';
import { startSecondInstance, startTestStack, TestStack } from './support/test-stack';
import { TcpProxy } from './support/tcp-proxy';
import { AppProcess } from './support/app-process';

const MAPPING = { full_name: 'name', email: 'email', phone_number: 'phone', preferred_contact_time: 'custom:Call time' };

/** Connects Facebook Lead Ads for a new admin and maps the coffee subscription form. */
async function leadAdsReady(stack: TestStack): Promise<{ admin: SignedInDriver; h: LeadAdsHarness }> {
  const admin = await signedInAdmin(stack.app);
  const h = new LeadAdsHarness(stack);
  await admin.connect(KEY);
  const saved = await h.json(admin, 'PUT', `/api/v1/integrations/${KEY}/form-connections/${SUBSCRIPTION_FORM}`, {
    pageId: COFFEE_PAGE,
    mapping: MAPPING,
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  return { admin, h };
}

describe(`two app instances against one database (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let second: AppProcess;

  before(async () => {
    stack = await startTestStack();
    second = await startSecondInstance(stack);
  });
  after(async () => {
    await second.close();
    await stack.close();
  });

  it('stores one contact when the same webhook reaches both instances at once', async () => {
    const { admin, h } = await leadAdsReady(stack);
    const lead = await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person('Twin Delivery', 1), false);
    const body = h.leadgenBody({ leadId: lead.leadId, pageId: COFFEE_PAGE, formId: SUBSCRIPTION_FORM });
    const signature = h.sign(body);
    const deliveries = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${i % 2 ? second.url : stack.appUrl}/api/v1/webhooks/facebook`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature },
          body,
        }),
      ),
    );
    assert.deepEqual([...new Set(deliveries.map((r) => r.status))], [200]);
    // Either instance's workers may import it; the inbox row and the contact are unique per account.
    await h.importInbox();
    const contacts = await h.allContacts(admin);
    assert.equal(contacts.filter((c) => c.externalId === lead.leadId).length, 1);
  });

  // Runs last: a second Nest context in this process re-registers the global Passport strategies.
  it('refreshes a rotating token once when both instances need it at the same moment', async () => {
    const admin = await signedInAdmin(stack.app);
    await admin.connect('hubspot');
    await stack.app.app
      .get(DataSource)
      .getRepository(Connection)
      .update({ accountId: admin.user.accountId, integrationKey: 'hubspot' }, { tokenExpiresAt: new Date(Date.now() + 5_000) });
    await fetch(`${stack.sandbox.url}/control/reset`, { method: 'POST' });
    // The separate process has no endpoint that refreshes a rotating token, so the second instance here is
    // a second application context with its own connection pool against the same database.
    const other = await NestFactory.createApplicationContext(AppModule.forRoot(), { logger: false });
    try {
      const callers = [stack.app.app.get(ConnectionsService), other.get(ConnectionsService)];
      const tokens = await Promise.all(
        Array.from({ length: 10 }, (_, i) => callers[i % 2].accessToken(admin.user.accountId, 'hubspot')),
      );
      const log = (await (await fetch(`${stack.sandbox.url}/control/log`)).json()) as { type: string }[];
      assert.equal(log.filter((e) => e.type === 'token_refresh').length, 1);
      assert.equal(new Set(tokens).size, 1);
    } finally {
      await other.close();
    }
  });
});

// An embedded SQLite file cannot "go down"; the outage is proven against the MySQL server.
if (testDatabaseKind() === 'mysql') {
  describe('the database stops mid-run and comes back (mysql)', () => {
    let stack: TestStack;
    let proxy: TcpProxy;

    before(async () => {
      const direct = new URL(await freshDatabaseUrl());
      proxy = new TcpProxy(direct.hostname, Number(direct.port || 3306), await freePort());
      await proxy.start();
      const throughProxy = new URL(direct.toString());
      throughProxy.hostname = '127.0.0.1';
      throughProxy.port = String(proxy.port);
      stack = await startTestStack({ databaseUrl: throughProxy.toString() });
    });
    after(async () => {
      await stack.close();
      await proxy.stop();
    });

    it('answers 503 while the database is down, recovers cleanly, and loses no webhook lead', async () => {
      const { admin, h } = await leadAdsReady(stack);
      await proxy.stop();

      const health = await fetch(`${stack.appUrl}/api/v1/health`, { signal: AbortSignal.timeout(20_000) });
      assert.equal(health.status, 503);
      const leads: { leadId: string; webhookStatus: number | null }[] = [];
      for (let n = 1; n <= 3; n++) leads.push(await h.createLead(COFFEE_PAGE, SUBSCRIPTION_FORM, person(`Outage Lead ${n}`, n)));
      for (const lead of leads) assert.ok(lead.webhookStatus === 503, `webhook during the outage answered ${lead.webhookStatus}`);
      const api = await admin.api('GET', '/api/v1/integrations');
      assert.equal(api.status, 503, 'a signed-in request gets "try again", not a 500 or a sign-out');

      await proxy.start();
      let healthy = false;
      for (let i = 0; i < 60 && !healthy; i++) {
        healthy = (await fetch(`${stack.appUrl}/api/v1/health`)).status === 200;
        if (!healthy) await sleep(250);
      }
      assert.ok(healthy, 'health recovers once the database is back');

      // Facebook retries a delivery that was not acknowledged with 2xx; simulate its retries.
      for (const lead of leads) {
        let status: number | null = null;
        for (let attempt = 0; attempt < 10 && status !== 200; attempt++) {
          status = (await h.redeliver(lead.leadId)).webhookStatus;
          if (status !== 200) await sleep(300);
        }
        assert.equal(status, 200);
      }
      const contacts = await h.allContacts(admin);
      assert.deepEqual(
        contacts
          .filter((c) => leads.some((l) => l.leadId === c.externalId))
          .map((c) => c.name)
          .sort(),
        ['Outage Lead 1', 'Outage Lead 2', 'Outage Lead 3'],
      );
      assert.equal((await admin.api('GET', '/api/v1/integrations')).status, 200, 'the session survived the outage');
    });
  });
}
