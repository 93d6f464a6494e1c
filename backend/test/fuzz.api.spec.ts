import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scope } from '../src/auth/scope.enum';
import { createApiKey } from './factories/accounts.factory';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { appRoutes } from './support/app-routes';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

/** Deterministic, so a failure can be replayed with the same inputs. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const PATH_VALUES = [
  'hubspot',
  'x'.repeat(5000),
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%',
  '😀',
  'Ω≈ç√',
  'null',
  '-1',
  '1e309',
  ' ',
  'facebook-lead-ads',
  '00000000-0000-0000-0000-000000000000',
  '%E0%A4%A',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
];
const BODIES: { type?: string; body: string }[] = [
  { type: 'application/json', body: '{' },
  { type: 'application/json', body: 'null' },
  { type: 'application/json', body: '[]' },
  { type: 'application/json', body: '"string"' },
  { type: 'application/json', body: '12345' },
  { type: 'application/json', body: '{"email": {"$gt": ""}, "password": []}' },
  { type: 'application/json', body: '{"__proto__": {"admin": true}}' },
  { type: 'application/json', body: '{"constructor": {"prototype": {"x": 1}}}' },
  { type: 'application/json', body: JSON.stringify({ email: 'a@b.c'.repeat(20000), password: 'x' }) },
  { type: 'application/json', body: JSON.stringify({ mapping: { ['k'.repeat(300)]: 'name' }, pageId: 7 }) },
  { type: 'application/json', body: JSON.stringify({ pageId: '1000001', mapping: { full_name: 'drop table' } }) },
  {
    type: 'application/json',
    body: JSON.stringify({ object: 'page', entry: [{ changes: [{ field: 'leadgen', value: null }] }] }),
  },
  { type: 'application/json', body: '\u0000\u0001\u0002' },
  { type: 'application/json; charset=utf-16', body: '{}' },
  { type: 'application/json; charset=klingon', body: '{}' },
  { type: 'text/plain', body: 'hello' },
  { type: 'application/xml', body: '<a>1</a>' },
  { type: 'application/x-www-form-urlencoded', body: 'email=a&password=b&email=c' },
  { type: 'application/x-www-form-urlencoded', body: '%%%%' },
  { type: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--' },
  { body: '' },
];
const QUERIES = [
  '',
  '?cursor=%%%',
  '?limit=-5',
  '?limit=1000000',
  '?limit=abc',
  '?source[]=a&source[]=b',
  '?flow=' + 'f'.repeat(3000),
  '?state=x&code=y',
  '?error=access_denied&state=z',
  '?hub.mode=subscribe&hub.challenge=1',
];

describe(`fuzzing every route with malformed input (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let admin: SignedInDriver;
  let apiKey: string;

  before(async () => {
    stack = await startTestStack({ env: { LOGIN_FAILURES_PER_IP: '100000', LOGIN_FAILURES_PER_EMAIL: '100000' } });
    admin = await signedInAdmin(stack.app);
    apiKey = await createApiKey(stack.app.app, admin.user.accountId, [Scope.IntegrationsRead, Scope.ContactsRead]);
  });
  after(() => stack.close());

  it('answers thousands of malformed requests without a single 5xx and stays healthy', async () => {
    const random = prng(20261125);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
    const routes = appRoutes(stack.app.app);
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    const total = 2400;
    const requests = Array.from({ length: total }, (_, i) => {
      const route = routes[i % routes.length];
      const path = route.path.replace(/:(\w+)/g, () => pick(PATH_VALUES)) + pick(QUERIES);
      const payload = pick(BODIES);
      const headers: Record<string, string> = { Origin: stack.appUrl };
      const who = random();
      if (who < 0.45) headers.Cookie = admin.jar.header();
      else if (who < 0.75) headers.Authorization = `Bearer ${apiKey}`;
      else if (who < 0.85)
        headers.Authorization = `Bearer ${pick(['aur_', 'aur_' + 'x'.repeat(500), 'garbage', 'Bearer\u00ff\u00e9'])}`;
      if (payload.type) headers['Content-Type'] = payload.type;
      if (random() < 0.1) headers['X-Hub-Signature-256'] = pick(['sha256=', 'sha256=zz', 'md5=1', 'sha256=' + 'a'.repeat(64)]);
      const withBody = route.method !== 'GET' && route.method !== 'HEAD';
      return { method: route.method, path, headers, body: withBody ? payload.body : undefined };
    });
    // 20 in flight at a time: enough concurrency to shake out races, bounded for the loopback.
    for (let i = 0; i < requests.length; i += 20) {
      await Promise.all(
        requests.slice(i, i + 20).map(async (r) => {
          let response: Response;
          try {
            response = await fetch(`${stack.appUrl}${r.path}`, {
              method: r.method,
              headers: r.headers,
              body: r.body,
              redirect: 'manual',
              signal: AbortSignal.timeout(10_000),
            });
            await response.arrayBuffer();
          } catch (error) {
            serverErrors.push(
              `${r.method} ${r.path.slice(0, 120)} (${r.headers['Content-Type']}) → no answer: ${String((error as { cause?: unknown }).cause ?? error)}`,
            );
            return;
          }
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status >= 500) serverErrors.push(`${r.method} ${r.path.slice(0, 120)} → ${response.status}`);
        }),
      );
    }
    console.log(`fuzz: ${total} requests over ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.deepEqual(serverErrors.slice(0, 20), []);
    const health = await fetch(`${stack.appUrl}/api/v1/health`);
    assert.equal(health.status, 200);
    // The fuzzed POST /auth/logout may have ended the admin's session; the service key must still work.
    const list = await fetch(`${stack.appUrl}/api/v1/integrations`, { headers: { Authorization: `Bearer ${apiKey}` } });
    assert.equal(list.status, 200);
  });
});
