import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { PROVIDERS } from '../src/integrations/catalog';
import { AppProcess, startAppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

/** Disconnecting revokes at the provider inside the request: a held revoke keeps the request in flight. */
const OAUTH_KEYS = PROVIDERS.map((provider) => provider.key).filter((key) => key !== 'facebook-lead-ads');
const IN_FLIGHT = 50;

describe(`graceful shutdown on SIGTERM (${testDatabaseKind()})`, () => {
  let stack: TestStack;

  before(async () => {
    // The provider call must never time out by itself here: only the shutdown decides.
    stack = await startTestStack({ env: { PROVIDER_TIMEOUT_MS: '60000' } });
  });
  after(() => stack.close());

  /** Another instance in its own process, sharing the stack's database, sandbox and public origin. */
  async function instance(shutdownTimeoutMs: number): Promise<AppProcess> {
    return startAppProcess({
      ...stack.env,
      PORT: String(await freePort()),
      SANDBOX_PORT: new URL(stack.env.SANDBOX_URL).port,
      DATA_DIR: process.env.DATA_DIR as string,
      DATABASE_URL: stack.app.databaseUrl,
      TOKEN_ENCRYPTION_KEYS: process.env.TOKEN_ENCRYPTION_KEYS as string,
      NODE_ENV: 'test',
      SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
    });
  }

  async function setRevocations(mode: 'hold' | 'ok'): Promise<void> {
    for (const providerKey of OAUTH_KEYS) {
      const response = await fetch(`${stack.sandbox.url}/control/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ providerKey, endpoint: 'revoke', mode }),
      });
      assert.equal(response.status, 200);
    }
  }

  async function untilHeld(count: number): Promise<void> {
    const held = async () =>
      Object.values((await (await fetch(`${stack.sandbox.url}/control/held`)).json()) as Record<string, number>).reduce(
        (sum, n) => sum + n,
        0,
      );
    while ((await held()) < count) await sleep(20);
  }

  /** `count` connections, spread over as many admins as it takes (one per provider each). */
  async function connections(count: number): Promise<{ admin: SignedInDriver; key: string }[]> {
    const connected: { admin: SignedInDriver; key: string }[] = [];
    while (connected.length < count) {
      const admin = await signedInAdmin(stack.app);
      for (const key of OAUTH_KEYS.slice(0, count - connected.length)) {
        await admin.connect(key);
        connected.push({ admin, key });
      }
    }
    return connected;
  }

  const disconnect = ({ admin, key }: { admin: SignedInDriver; key: string }, at: AppProcess) =>
    admin.api('DELETE', `/api/v1/integrations/${key}/connection`, at.url);

  it(`answers all ${IN_FLIGHT} requests in flight, reports 503 while draining, then exits by itself`, async () => {
    const targets = await connections(IN_FLIGHT);
    const draining = await instance(30_000);
    await setRevocations('hold');
    let settled = 0;
    const responses = targets.map((target) => disconnect(target, draining).finally(() => settled++));
    await untilHeld(IN_FLIGHT);

    const exited = draining.stop('SIGTERM');
    let health = await fetch(`${draining.url}/api/v1/health`);
    while (health.status === 200) {
      await health.arrayBuffer();
      health = await fetch(`${draining.url}/api/v1/health`);
    }

    assert.equal(health.status, 503);
    assert.equal(((await health.json()) as { error: string }).error, 'shutting_down');
    assert.equal(settled, 0, 'every request is still waiting on the provider');
    await setRevocations('ok');
    assert.deepEqual([...new Set((await Promise.all(responses)).map((r) => r.status))], [204]);
    assert.equal(await exited, 0, draining.output());
  });

  it('exits at SHUTDOWN_TIMEOUT_MS when a request never finishes', async () => {
    const [target] = await connections(1);
    const stuck = await instance(1_000);
    await setRevocations('hold');
    const outcome = disconnect(target, stuck).then(
      () => 'answered',
      () => 'cut off',
    );
    await untilHeld(1);

    const code = await stuck.stop('SIGTERM');

    assert.equal(code, 1);
    assert.match(stuck.output(), /did not finish within SHUTDOWN_TIMEOUT_MS=1000 ms \(1 request\(s\) still in flight\)/);
    assert.equal(await outcome, 'cut off');
    await setRevocations('ok');
  });
});
