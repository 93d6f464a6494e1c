import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { parseDatabaseSettings } from '../src/config';
import { databaseOptions } from '../src/database/database-options';
import { MIGRATIONS } from '../src/database/migrations';
import { AppProcess, startAppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { freshDatabaseUrl, testDatabaseKind } from './support/test-database';

const CLI = join(__dirname, '../src/cli.js');
const KEYS = `test1:${Buffer.alloc(32, 7).toString('base64')}`;
const APPLIED = /Applied (\d+) migration\(s\)/;

/** One instance's settings: its own port and data folder, logs on stdout so each run can be read. */
async function instanceEnv(databaseUrl: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const port = await freePort();
  return {
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'aurora-migrations-')),
    DATABASE_URL: databaseUrl,
    TOKEN_ENCRYPTION_KEYS: KEYS,
    NODE_ENV: 'test',
    SANDBOX: 'off',
    LOG_LEVEL: 'info',
    LOG_FILE: '',
    ...extra,
  };
}

async function appliedMigrationNames(databaseUrl: string): Promise<string[]> {
  const dataSource = await new DataSource(databaseOptions(parseDatabaseSettings({ DATABASE_URL: databaseUrl }))).initialize();
  try {
    if (!(await dataSource.createQueryRunner().hasTable('migrations'))) return [];
    return ((await dataSource.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((row) => row.name);
  } finally {
    await dataSource.destroy();
  }
}

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** Starts them all at once; if one fails the others are stopped before the error is rethrown. */
async function startTogether(envs: Record<string, string>[]): Promise<AppProcess[]> {
  const results = await Promise.allSettled(envs.map((env) => startAppProcess(env)));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) {
    await Promise.all(started.map((instance) => instance.close()));
    throw failure.reason;
  }
  return started;
}

describe(`migrations with several instances (${testDatabaseKind()})`, () => {
  const everyMigration = MIGRATIONS.map((migration) => migration.name);

  it('runs them exactly once when three instances start at once on an empty database', async () => {
    const databaseUrl = await freshDatabaseUrl();
    const instances = await startTogether(await Promise.all([1, 2, 3].map(() => instanceEnv(databaseUrl))));
    try {
      for (const instance of instances) assert.equal((await fetch(`${instance.url}/api/v1/health`)).status, 200);
      assert.deepEqual(await appliedMigrationNames(databaseUrl), everyMigration);
      const runs = instances.map((instance) => APPLIED.exec(instance.output())?.[1]).filter(Boolean);
      assert.deepEqual(runs, [String(everyMigration.length)], 'one instance applied them all; the others found none pending');
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });

  it('with MIGRATIONS=manual refuses to start on a pending migration until `cli migrate` has run', async () => {
    const env = await instanceEnv(await freshDatabaseUrl(), { MIGRATIONS: 'manual' });

    const refused = await startAppProcess(env).then(
      () => assert.fail('the instance started with pending migrations'),
      (error: Error) => error.message,
    );
    const lines = refused.split('\n').filter((line) => line.includes('cannot start'));
    assert.equal(lines.length, 1, refused);
    assert.match(lines[0], /migration\(s\) pending .*MIGRATIONS=manual: run "npm run cli -- migrate" first/);
    assert.doesNotMatch(refused, /^\s+at /m, 'no stack trace');
    assert.deepEqual(await appliedMigrationNames(env.DATABASE_URL), [], 'a refusing instance changes nothing');

    const release = await cli(['migrate'], env);
    assert.equal(release.code, 0, release.output);
    assert.match(release.output, new RegExp(`Applied ${everyMigration.length} migration\\(s\\)`));

    const instance = await startAppProcess(env);
    try {
      assert.equal((await fetch(`${instance.url}/api/v1/health`)).status, 200);
      assert.doesNotMatch(instance.output(), APPLIED);
    } finally {
      await instance.close();
    }
    const again = await cli(['migrate'], env);
    assert.equal(again.code, 0, again.output);
    assert.match(again.output, /No pending migrations/);
  });
});
