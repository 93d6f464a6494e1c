import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { Account } from '../src/accounts/account.entity';
import { signIn } from './factories/accounts.factory';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

const CLI = join(__dirname, '../src/cli.js');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe(`operator CLI (${testDatabaseKind()})`, () => {
  let app: TestApp & { databaseUrl: string };

  /** `npm run cli -- …` against the app's database, as an operator would run it next to a live instance. */
  const cli = async (args: string[], env: Record<string, string> = {}): Promise<CliResult> => {
    const childEnv = {
      ...process.env,
      DATABASE_URL: app.databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'aurora-cli-')),
      LOG_LEVEL: 'warn',
      ...env,
    };
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env: childEnv });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const integrations = (key: string) => fetch(`${app.url}/api/v1/integrations`, { headers: { Authorization: `Bearer ${key}` } });
  const accountCount = () => app.app.get(DataSource).getRepository(Account).count();

  let accountId: string;
  let key: string;
  let keyId: string;

  before(async () => {
    // The CLI revokes from another process, which the app learns of only when its cached key expires
    // (API_KEY_CACHE_SECONDS); without the cache the refusal below is immediate.
    app = await startTestApp({ env: { API_KEY_CACHE_SECONDS: '0' } });
  });
  after(async () => {
    await app.close();
  });

  it('migrates', async () => {
    const result = await cli(['migrate']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /up to date/);
  });

  it('creates a Channels Administrator in a new account, who can then sign in', async () => {
    const result = await cli(
      [
        'user:create',
        '--email',
        'Ops@Example.test',
        '--name',
        'Olga Ops',
        '--role',
        'channels_admin',
        '--account',
        'new',
        '--account-name',
        'Example',
      ],
      { AURORA_PASSWORD: 'a-long-password' },
    );
    assert.equal(result.code, 0, result.stderr);
    accountId = /in account ([0-9a-f-]{36})/.exec(result.stdout)![1];
    assert.doesNotMatch(result.stdout, /a-long-password/, 'a password the operator chose is not echoed');
    assert.ok(await signIn(app.url, 'ops@example.test', 'a-long-password'));
  });

  it('generates and shows a password once when none is given', async () => {
    const result = await cli([
      'user:create',
      '--email',
      'agent@example.test',
      '--name',
      'Ana Agent',
      '--role',
      'agent',
      '--account',
      accountId,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const password = /Password \(shown once\): (\S+)/.exec(result.stdout)![1];
    assert.ok(await signIn(app.url, 'agent@example.test', password));
  });

  it('refuses a taken e-mail without leaving an empty account behind', async () => {
    const before = await accountCount();
    const result = await cli(
      ['user:create', '--email', 'OPS@example.test', '--name', 'Again', '--role', 'agent', '--account', 'new'],
      {
        AURORA_PASSWORD: 'another-password',
      },
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /already exists/);
    assert.equal(await accountCount(), before);
  });

  it('creates an API key, prints it once, and the key works', async () => {
    const result = await cli([
      'api-key:create',
      '--account',
      accountId,
      '--scopes',
      'integrations:read,contacts:read',
      '--name',
      'Reporting',
    ]);
    assert.equal(result.code, 0, result.stderr);
    key = /^(aur_\S+)$/m.exec(result.stdout)![1];
    keyId = /Created API key ([0-9a-f-]{36})/.exec(result.stdout)![1];
    assert.equal((await integrations(key)).status, 200);
  });

  it("creates an API key for the account of an administrator named by e-mail, and only an administrator's", async () => {
    const result = await cli(['api-key:create', '--account-email', ' OPS@example.test ', '--scopes', 'events:read']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`in account ${accountId}\\.`));
    const events = await fetch(`${app.url}/api/v1/events`, {
      headers: { Authorization: `Bearer ${/^(aur_\S+)$/m.exec(result.stdout)![1]}` },
    });
    assert.equal(events.status, 200);

    const agent = await cli(['api-key:create', '--account-email', 'agent@example.test', '--scopes', 'events:read']);
    assert.equal(agent.code, 1);
    assert.match(agent.stderr, /^Error: agent@example\.test is not a Channels Administrator of account /);
    const nobody = await cli(['api-key:create', '--account-email', 'nobody@example.test', '--scopes', 'events:read']);
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /^Error: No user with e-mail nobody@example\.test\n$/);
    const both = await cli([
      'api-key:create',
      '--account',
      accountId,
      '--account-email',
      'ops@example.test',
      '--scopes',
      'events:read',
    ]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give --account or --account-email, not both/);
  });

  it('lists keys by prefix, never the whole key', async () => {
    const result = await cli(['api-key:list', '--account', accountId]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(`${keyId}\\s+${key.slice(0, 12)}…\\s+Reporting\\s+\\[integrations:read, contacts:read\\]`),
    );
    assert.ok(!result.stdout.includes(key));
  });

  it('revokes a key, after which it is refused', async () => {
    const result = await cli(['api-key:revoke', '--id', keyId]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await integrations(key)).status, 401);
    assert.equal((await cli(['api-key:revoke', '--id', keyId])).code, 1, 'revoking twice says so');
  });

  it('explains mistakes: usage errors exit 2 with the usage, failures exit 1 with one line', async () => {
    for (const args of [
      [],
      ['frobnicate'],
      ['user:create', '--email', 'x@example.test'],
      ['user:create', '--email', 'not-an-email', '--name', 'X', '--role', 'agent', '--account', 'new'],
      ['user:create', '--email', 'x@example.test', '--name', 'X', '--role', 'owner', '--account', 'new'],
      ['api-key:create', '--account', accountId, '--scopes', 'everything'],
      ['api-key:list', '--acount', accountId],
    ]) {
      const result = await cli(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /Usage: npm run cli/);
    }
    const unknownAccount = await cli(['api-key:create', '--account', 'no-such-account', '--scopes', 'contacts:read']);
    assert.equal(unknownAccount.code, 1);
    assert.match(unknownAccount.stderr, /^Error: No account with id no-such-account\n$/);
  });
});
