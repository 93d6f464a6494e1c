import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigService } from '@nestjs/config';
import { Scope } from '../src/auth/scope.enum';
import { FacebookSettings } from '../src/facebook-lead-ads/facebook.config';
import { Role } from '../src/roles/role.enum';
import { createApiKey, signIn } from './factories/accounts.factory';
import { appRoutes } from './support/app-routes';
import { OpenApiDocument, Operation, operationsOf } from './support/fuzz/openapi';
import { Random } from './support/fuzz/random';
import { Caller, CALLERS, fuzzRequest, RequestContext } from './support/fuzz/requests';
import { runFuzz, Sessions } from './support/fuzz/runner';
import { signedIn, SignedInDriver } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

/** 10,000 under CI (issue #11), fewer for a quick local `npm test`; FUZZ_REQUESTS overrides both. */
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? (process.env.CI === 'true' ? 10_000 : 2_500));
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

describe(`fuzzing every route of the OpenAPI document (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let admin: SignedInDriver;
  let agent: SignedInDriver;
  let apiKey: string;
  let operations: Operation[];
  let knownValues: Record<string, string[]>;

  const getJson = async <T>(path: string, headers: Record<string, string>): Promise<T> => {
    const response = await fetch(`${stack.appUrl}${path}`, { headers });
    assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
    return (await response.json()) as T;
  };

  before(async () => {
    stack = await startTestStack({
      // The limits stay in force (every key request is counted) but high enough that the service key is never refused.
      env: { LOGIN_FAILURES_PER_IP: '1000000', LOGIN_FAILURES_PER_EMAIL: '1000000', API_KEY_RATE_LIMIT: '1000000/60s' },
    });
    admin = await signedIn(stack.app, { role: Role.ChannelsAdmin });
    agent = await signedIn(stack.app, { role: Role.Agent, sameAccountAs: admin });
    apiKey = await createApiKey(stack.app.app, admin.user.accountId, Object.values(Scope));
    // Connected integrations and real ids let part of the requests reach the code behind validation.
    await admin.connect('hubspot');
    await admin.connect('facebook-lead-ads');
    const headers = { Cookie: admin.jar.header() };
    const pages = await getJson<{ id: string }[]>('/api/v1/integrations/facebook-lead-ads/pages', headers);
    const forms = await getJson<{ id: string }[]>(`/api/v1/integrations/facebook-lead-ads/pages/${pages[0].id}/forms`, headers);
    knownValues = {
      key: (await getJson<{ key: string }[]>('/api/v1/integrations', headers)).map((integration) => integration.key),
      flowId: [(await admin.startConnect('slack')).flowId],
      pageId: pages.map((page) => page.id),
      formId: forms.map((form) => form.id),
    };
    const document = await getJson<OpenApiDocument>('/api/docs-json', {});
    operations = operationsOf(
      document,
      appRoutes(stack.app.app).filter((route) => route.method !== 'HEAD'),
    );
  });
  after(() => stack.close());

  /** The people sign in again when a fuzzed sign-out ended their session; the service key stays. */
  function sessions(): Sessions & { renewals: number } {
    const origin = { Origin: stack.appUrl };
    const people: Partial<Record<Caller, SignedInDriver>> = { admin, agent };
    const current: Record<Caller, Record<string, string>> = {
      anonymous: origin,
      agent: { ...origin, Cookie: agent.jar.header() },
      admin: { ...origin, Cookie: admin.jar.header() },
      apiKey: { Authorization: `Bearer ${apiKey}` },
    };
    const renewing = new Map<Caller, Promise<void>>();
    const result = {
      renewals: 0,
      headers: (caller: Caller) => current[caller],
      async renew(caller: Caller, ended: Record<string, string>) {
        const person = people[caller];
        if (!person || current[caller] !== ended) return;
        let pending = renewing.get(caller);
        if (!pending) {
          result.renewals++;
          pending = signIn(stack.appUrl, person.user.email, person.user.password)
            .then((cookie) => void (current[caller] = { ...origin, Cookie: cookie }))
            .finally(() => renewing.delete(caller));
          renewing.set(caller, pending);
        }
        await pending;
      },
    };
    return result;
  }

  it('covers every route and method the app serves', () => {
    const served = appRoutes(stack.app.app).filter((route) => route.method !== 'HEAD');
    const fuzzed = new Set(operations.map((op) => `${op.method} ${op.path}`));
    const missing = served.filter((route) => !fuzzed.has(`${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`));
    assert.deepEqual(missing, []);
    assert.ok(operations.filter((op) => op.documented).length >= 15, 'read from the OpenAPI document');
    assert.ok(TOTAL >= operations.length * CALLERS.length, 'every operation is tried by every kind of caller');
  });

  it(`answers ${TOTAL.toLocaleString('en')} generated requests without a 5xx, a non-JSON error or a slow answer`, async () => {
    const random = new Random(SEED);
    const webhookSecret = stack.app.app.get(ConfigService).getOrThrow<FacebookSettings>('facebook').appSecret ?? '';
    const context: RequestContext = { knownValues, webhookSecret };
    const requests = Array.from({ length: TOTAL }, (_, i) => fuzzRequest(operations, i, context, random));
    const people = sessions();
    const started = performance.now();
    const total = await runFuzz(stack.appUrl, requests, people);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const percentile = (p: number) => Math.round(total.durations[Math.floor(p * (total.durations.length - 1))] ?? 0);
    console.log(
      `fuzz (${testDatabaseKind()}, seed ${SEED}): ${total.requests} requests over ${operations.length} operations × ` +
        `${CALLERS.length} callers in ${seconds} s; 5xx: ${total.serverErrors}; problems: ${total.problems.length}; ` +
        `sessions renewed after a fuzzed sign-out: ${people.renewals}; ` +
        `statuses ${JSON.stringify(total.statuses)}; p50 ${percentile(0.5)} ms, p99 ${percentile(0.99)} ms, ` +
        `slowest ${total.slowest.ms} ms (${total.slowest.request})`,
    );
    assert.equal(total.requests, TOTAL);
    assert.deepEqual(total.problems.slice(0, 20), []);
    assert.equal(total.serverErrors, 0);
  });

  it('is healthy afterwards: health, the service key and a fresh sign-in all work', async () => {
    assert.equal((await fetch(`${stack.appUrl}/api/v1/health`)).status, 200);
    assert.ok((await getJson<unknown[]>('/api/v1/integrations', { Authorization: `Bearer ${apiKey}` })).length > 0);
    const cookie = await signIn(stack.appUrl, admin.user.email, admin.user.password);
    assert.equal((await getJson<{ email: string }>('/api/v1/auth/me', { Cookie: cookie })).email, admin.user.email);
  });
});
