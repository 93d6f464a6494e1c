import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

export type TestDatabaseKind = 'sqlite' | 'mysql';

/** Which database the API suites run against; the test runner runs them once per kind. */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TEST_DB === 'mysql' ? 'mysql' : 'sqlite';
}

export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/aurora_test';

/**
 * A fresh, empty database for one test file: a new SQLite file, or the MySQL test database dropped and
 * created again (files run one at a time against MySQL, see scripts/test-backend.mjs).
 */
export async function freshDatabaseUrl(): Promise<string> {
  if (testDatabaseKind() === 'sqlite') {
    return `sqlite:${join(mkdtempSync(join(tmpdir(), 'aurora-test-')), 'aurora.sqlite')}`;
  }
  const url = new URL(TEST_MYSQL_URL);
  const database = url.pathname.slice(1);
  url.pathname = '/';
  const connection = await createConnection({ uri: url.toString() });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
  return TEST_MYSQL_URL;
}
