import { randomBytes } from 'node:crypto';
import { parseProvidersSettings } from '../../src/integrations/providers/providers.config';
import { PROVIDERS } from '../../src/integrations/catalog';
import { sandboxClients } from '../../src/sandbox/core/sandbox-clients';
import { SandboxServer, startSandbox } from '../../src/sandbox';
import { freePort } from './free-port';
import { AppProcess, startAppProcess } from './app-process';
import { startTestApp, TestApp } from './test-app';

export interface TestStack {
  app: TestApp & { databaseUrl: string };
  sandbox: SandboxServer;
  /** Public origin the redirect URIs are registered for (the "load balancer"). */
  appUrl: string;
  /** The settings the app was started with (shared by further instances). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface TestStackOptions {
  coop?: boolean;
  codeTtlMs?: number;
  accessTokenTtlSeconds?: number;
  /** Reach the database at this URL (e.g. through a proxy) instead of a fresh one. */
  databaseUrl?: string;
  /** Extra settings; a function gets the sandbox's URL (to point a provider's URLs at it). */
  env?: Record<string, string> | ((sandboxUrl: string) => Record<string, string>);
}

const PROVIDER_NAMES = Object.fromEntries(PROVIDERS.map((p) => [p.key, p.name]));

/**
 * The real app plus the sandbox provider on its own origin, wired like `npm start` wires them:
 * the sandbox registers the app's exact redirect URIs, the app sends every provider to the sandbox.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const sandboxPort = await freePort();
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const env: Record<string, string> = {
    PORT: String(port),
    APP_URL: appUrl,
    SANDBOX: 'on',
    SANDBOX_URL: sandboxUrl,
    // Given, not generated into DATA_DIR: the sandbox starts before the app has its data dir.
    SANDBOX_CLIENT_SECRET: randomBytes(24).toString('base64url'),
    PROVIDER_TIMEOUT_MS: '1500',
    ...(typeof options.env === 'function' ? options.env(sandboxUrl) : options.env),
  };
  const providers = parseProvidersSettings({ ...process.env, ...env, NODE_ENV: 'test' });
  const sandbox = await startSandbox({
    port: sandboxPort,
    clients: sandboxClients(providers, appUrl, PROVIDER_NAMES, sandboxUrl),
    coop: options.coop,
    codeTtlMs: options.codeTtlMs,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    facebook: { appSecret: providers['facebook-lead-ads'].clientSecret, webhookUrl: `${appUrl}/api/v1/webhooks/facebook` },
  });
  const app = await startTestApp({ env, databaseUrl: options.databaseUrl });
  return {
    app,
    sandbox,
    appUrl,
    env,
    close: async () => {
      await app.close();
      await sandbox.close();
    },
  };
}

/**
 * A second instance of the app in its own process, sharing only the stack's database, sandbox and
 * public origin (as behind a load balancer).
 */
export async function startSecondInstance(stack: TestStack): Promise<AppProcess> {
  return startAppProcess({
    ...stack.env,
    PORT: String(await freePort()),
    DATA_DIR: process.env.DATA_DIR as string,
    DATABASE_URL: stack.app.databaseUrl,
    TOKEN_ENCRYPTION_KEYS: process.env.TOKEN_ENCRYPTION_KEYS as string,
    NODE_ENV: 'test',
  });
}
