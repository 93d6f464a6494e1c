import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { parseDatabaseSettings } from '../src/config';
import { databaseOptions } from '../src/database/database-options';
import { freePort } from './support/free-port';
import { freshDatabaseUrl, testDatabaseKind } from './support/test-database';

const CLI = join(__dirname, '../src/cli.js');

describe(`npm run cli -- demo:reset (${testDatabaseKind()})`, () => {
  let databaseUrl: string;
  let dataDir: string;
  let sandboxPort: number;

  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const childEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SANDBOX: 'on',
      SANDBOX_PORT: String(sandboxPort),
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

  const emails = async (): Promise<string[]> => {
    const dataSource = await new DataSource(databaseOptions(parseDatabaseSettings({ DATABASE_URL: databaseUrl }))).initialize();
    try {
      const rows = (await dataSource.query('SELECT email FROM users ORDER BY email')) as { email: string }[];
      return rows.map((row) => row.email);
    } finally {
      await dataSource.destroy();
    }
  };

  before(async () => {
    databaseUrl = await freshDatabaseUrl();
    dataDir = mkdtempSync(join(tmpdir(), 'aurora-demo-reset-'));
    sandboxPort = await freePort();
    const created = await cli([
      'user:create',
      '--email',
      'extra@aurora.test',
      '--name',
      'Extra',
      '--role',
      'agent',
      '--account',
      'new',
    ]);
    assert.equal(created.code, 0, created.stderr);
  });

  it('empties the tables, seeds the demo sign-ins again and deletes the sandbox state file', async () => {
    const stateFile = join(dataDir, 'sandbox-state.json');
    writeFileSync(stateFile, '{"version":1,"slices":{}}');

    const result = await cli(['demo:reset']);

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Demo account "Aurora Demo" created/);
    assert.deepEqual(await emails(), ['admin@aurora.test', 'agent@aurora.test']);
    assert.equal(existsSync(stateFile), false);
  });

  it('refuses where the sandbox is off, and while the sandbox is running', async () => {
    const off = await cli(['demo:reset'], { SANDBOX: 'off' });
    assert.equal(off.code, 1);
    assert.match(off.stderr, /only runs where the sandbox provider is on/);

    const running = createServer((_req, res) => res.end('sandbox'));
    await new Promise<void>((resolve) => running.listen(sandboxPort, '127.0.0.1', resolve));
    try {
      const refused = await cli(['demo:reset']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /is running: stop `npm start` first/);
    } finally {
      await new Promise((resolve) => running.close(resolve));
    }
    assert.deepEqual(await emails(), ['admin@aurora.test', 'agent@aurora.test'], 'nothing was deleted');
  });
});
