import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scope } from '../src/auth/scope.enum';
import { Role } from '../src/roles/role.enum';
import { createApiKey } from './factories/accounts.factory';
import { Caller, CALLERS, RULES } from './support/authorization-rules';
import { SignedInDriver, signedIn } from './support/signed-in';
import { appRoutes } from './support/app-routes';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

describe(`authorization matrix over every route (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let admin: SignedInDriver;
  const drivers = new Map<Caller, SignedInDriver>();

  before(async () => {
    stack = await startTestStack();
    admin = await signedIn(stack.app, { role: Role.ChannelsAdmin });
    drivers.set('admin', admin);
    drivers.set('agent', await signedIn(stack.app, { role: Role.Agent, sameAccountAs: admin }));
    drivers.set('otherAdmin', await signedIn(stack.app, { role: Role.ChannelsAdmin }));
  });
  after(() => stack.close());

  it('has a rule for every route the app serves, and every rule names a real route', () => {
    const routes = appRoutes(stack.app.app).map((route) => `${route.method} ${route.path}`);
    assert.ok(routes.length >= 10, `found ${routes.length} routes`);
    const missing = routes.filter((route) => !RULES[route]);
    assert.deepEqual(missing, [], 'routes without an authorization rule');
    assert.deepEqual(
      Object.keys(RULES).filter((rule) => !routes.includes(rule)),
      [],
      'rules for routes that do not exist',
    );
  });

  it('answers each caller of each route as the rules say', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const [route, rule] of Object.entries(RULES)) {
      const [method, pattern] = route.split(' ');
      // "Without scope" holds the other scope, so the key is valid but not for this route.
      const scope = rule.scope ?? Scope.IntegrationsRead;
      const keyWith = await createApiKey(stack.app.app, admin.user.accountId, [scope]);
      const keyWithoutScope = await createApiKey(stack.app.app, admin.user.accountId, [
        scope === Scope.ContactsRead ? Scope.IntegrationsRead : Scope.ContactsRead,
      ]);
      for (const caller of CALLERS) {
        let driver = drivers.get(caller) ?? null;
        if (driver && rule.freshSession) {
          driver = await signedIn(stack.app, {
            role: caller === 'agent' ? Role.Agent : Role.ChannelsAdmin,
            sameAccountAs: caller === 'otherAdmin' ? undefined : admin,
          });
        }
        const params = rule.params ? await rule.params({ app: stack.app.app, admin, callerDriver: driver }, caller) : {};
        let path = pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x'));
        if (params.query) path += `${params.query}${params.flowId}`;
        const requestHeaders: Record<string, string> = { Origin: stack.appUrl, 'Content-Type': 'application/json' };
        // The starting admin's browser holds the flow's binding cookie; everyone else's does not.
        if (driver) requestHeaders.Cookie = driver.jar.header();
        if (caller === 'keyWithScope') requestHeaders.Authorization = `Bearer ${keyWith}`;
        if (caller === 'keyWithoutScope') requestHeaders.Authorization = `Bearer ${keyWithoutScope}`;
        const response = await fetch(`${stack.appUrl}${path}`, {
          method,
          headers: requestHeaders,
          body: rule.body === undefined ? undefined : JSON.stringify(rule.body),
          redirect: 'manual',
        });
        calls++;
        // An open event stream never ends by itself: its status is all this test needs.
        if (response.headers.get('content-type')?.startsWith('text/event-stream')) await response.body?.cancel();
        if (response.status !== rule.expect[caller])
          failures.push(`${route} as ${caller}: ${response.status}, expected ${rule.expect[caller]}`);
        assert.ok(response.status < 500, `${route} as ${caller} answered ${response.status}`);
      }
    }
    console.log(`authorization matrix: ${Object.keys(RULES).length} routes × ${CALLERS.length} callers = ${calls} requests`);
    assert.deepEqual(failures, []);
  });
});
