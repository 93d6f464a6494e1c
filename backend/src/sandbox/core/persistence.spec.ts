import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  HUBSPOT,
  accountMe,
  graphGet,
  longLivedUserToken,
  obtainTokens,
  pageToken,
  postJson,
  refresh,
  revoke,
  startTestSandbox,
  type GraphList,
  type GraphLead,
} from '../../../test/support/sandbox-harness';
import { PersistentState, StateFile, type PersistentSlice } from './persistence';
import type { SandboxServer } from './sandbox.types';

class Counter implements PersistentSlice {
  value = 0;
  toJSON(): unknown {
    return { value: this.value };
  }
  restore(data: unknown): void {
    this.value = (data as { value: number }).value;
  }
}

describe(StateFile.name, () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
    file = join(dir, 'nested', 'state.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function stateWith(counter: Counter): PersistentState {
    const state = new PersistentState();
    state.register('counter', counter);
    return state;
  }

  it('saves every registered slice and restores it into a fresh state, leaving no temporary file', () => {
    const counter = new Counter();
    counter.value = 7;
    new StateFile(file, stateWith(counter)).save();

    const restored = new Counter();
    new StateFile(file, stateWith(restored)).load();

    assert.equal(restored.value, 7);
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['state.json']);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('starts from the seeded state when there is no file, and a slice absent from the file keeps its seed', () => {
    const counter = new Counter();
    counter.value = 3;
    new StateFile(file, stateWith(counter)).load();
    assert.equal(counter.value, 3);

    new StateFile(file, new PersistentState()).save();
    new StateFile(file, stateWith(counter)).load();
    assert.equal(counter.value, 3);
  });

  it('sets an unreadable file aside instead of overwriting it', () => {
    new StateFile(file, stateWith(new Counter())).save();
    writeFileSync(file, '{"version": 1, "slices"');
    const counter = new Counter();

    new StateFile(file, stateWith(counter)).load();

    assert.equal(counter.value, 0);
    assert.equal(existsSync(file), false);
    assert.equal(readdirSync(join(dir, 'nested')).filter((name) => name.startsWith('state.json.unreadable-')).length, 1);
  });

  it('refuses a slice name registered twice', () => {
    const state = stateWith(new Counter());
    assert.throws(() => state.register('counter', new Counter()), /registered twice/);
  });
});

describe('sandbox restart with a state file', () => {
  let dir: string;
  let stateFile: string;
  let sandbox: SandboxServer | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-restart-'));
    stateFile = join(dir, 'sandbox-state.json');
  });
  afterEach(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function restart(): Promise<SandboxServer> {
    await sandbox?.close();
    sandbox = await startTestSandbox({ stateFile });
    return sandbox;
  }

  async function createLead(target: SandboxServer): Promise<string> {
    const fieldData = [{ name: 'email', values: ['restart@example.test'] }];
    const response = await postJson(`${target.url}/control/facebook/leads`, {
      pageId: '1000001',
      formId: '2000001',
      fieldData,
      deliver: false,
    });
    return ((await response.json()) as { leadId: string }).leadId;
  }

  it('keeps tokens, refresh tokens, page tokens, revocations and lead ids across a restart', async () => {
    let current = await restart();
    const hubspot = await obtainTokens(current, HUBSPOT);
    const revoked = await obtainTokens(current, HUBSPOT);
    assert.equal((await revoke(current, HUBSPOT, revoked.refresh_token)).status, 200);
    const userToken = await longLivedUserToken(current);
    const page = await pageToken(current, userToken, '1000001');
    const leadBefore = await createLead(current);

    current = await restart();

    assert.equal((await accountMe(current, HUBSPOT, hubspot.access_token)).status, 200);
    assert.equal((await refresh(current, HUBSPOT, hubspot.refresh_token)).status, 200);
    assert.equal((await accountMe(current, HUBSPOT, revoked.access_token)).status, 401);
    assert.equal(await pageToken(current, userToken, '1000001'), page);
    const leadAfter = await createLead(current);
    assert.equal(Number(leadAfter), Number(leadBefore) + 1);
    const leads = await graphGet<GraphList<GraphLead>>(current, '2000001/leads', { access_token: page });
    assert.ok(leads.data.some((lead) => lead.id === leadBefore));
    assert.ok(!readFileSync(stateFile, 'utf8').includes(hubspot.access_token), 'access tokens are stored hashed');
  });

  it('keeps everything in memory without a state file', async () => {
    sandbox = await startTestSandbox();
    await obtainTokens(sandbox, HUBSPOT);
    await sandbox.close();
    sandbox = undefined;
    assert.deepEqual(readdirSync(dir), []);
  });
});
