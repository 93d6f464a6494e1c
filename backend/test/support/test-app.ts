import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/app.factory';
import { freePort } from './free-port';
import { freshDatabaseUrl } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  /** Origin the app listens on, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Reuse a database (a second instance against the same data); default: a fresh one. */
  databaseUrl?: string;
  env?: Record<string, string>;
}

const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

/** Starts the real app on a random loopback port against a real database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp & { databaseUrl: string }> {
  const databaseUrl = options.databaseUrl ?? (await freshDatabaseUrl());
  const port = Number(options.env?.PORT ?? (await freePort()));
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DEMO_SEED: 'off',
    // scrypt at N=2^12: the suites hash hundreds of passwords; the production cost is proven on its own.
    PASSWORD_HASH_COST: '12',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'aurora-data-')),
    DATABASE_URL: databaseUrl,
    TOKEN_ENCRYPTION_KEYS: `test1:${TEST_KEY}`,
    SPA_DIR: join(tmpdir(), 'aurora-no-spa'),
    APP_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    ...options.env,
  });
  const app = await createApp({ logs: false });
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  return { app, url, databaseUrl, close: () => app.close() };
}
