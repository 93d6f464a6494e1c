import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { ConfigType } from '@nestjs/config';
import { createApp } from './app.factory';
import { appConfig, ConfigError } from './config';
import { MigrationsError } from './database/migrate';
import { DrainService } from './health/drain.service';
import { launchSandbox } from './sandbox/core/sandbox-launcher';
import { SandboxServer } from './sandbox/core/sandbox.types';

/**
 * Under load most of what a request allocates is promoted before it dies, and V8's default pacing lets
 * the old generation grow to several times its live size (35 MB live, 120 MB used after bench B1) before
 * a full collection. Collecting once it has grown 20% past the live size keeps RSS near what is in use;
 * with a heap this small each full collection is short, and nothing is capped: live data may grow freely.
 */
setFlagsFromString('--heap-growing-percent=20');

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const settings = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  await app.listen(settings.port);
  const sandbox = await launchSandbox(app);
  stopGracefullyOnSignals(app, sandbox, settings.shutdownTimeoutMs);
  console.log(`\nAurora Inbox Integrations is running at ${settings.appUrl}`);
  if (sandbox) console.log(`Sandbox provider (stands in for providers without credentials) at ${sandbox.url}`);
}

/**
 * SIGTERM (or Ctrl-C): health turns 503 at once, requests in flight are answered, then Nest stops the
 * pollers, closes the listener and the database pool, and the process ends by itself. Whatever hangs
 * cannot keep it past SHUTDOWN_TIMEOUT_MS; a second signal ends it at once.
 */
function stopGracefullyOnSignals(app: NestExpressApplication, sandbox: SandboxServer | null, timeoutMs: number): void {
  const drain = app.get(DrainService);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting for the drain`);
      process.exit(1);
    }
    stopping = true;
    drain.begin();
    setTimeout(() => {
      console.error(
        `Shutdown did not finish within SHUTDOWN_TIMEOUT_MS=${timeoutMs} ms ` +
          `(${drain.inFlightCount} request(s) still in flight); exiting anyway`,
      );
      process.exit(1);
    }, timeoutMs).unref();
    void (async () => {
      await app.close();
      await sandbox?.close();
    })().catch((error: unknown) => {
      console.error('Shutdown failed:', error);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

bootstrap().catch((error: unknown) => {
  // A bad setting or a schema the operator must migrate first: one clear line, no stack trace to dig through.
  const cause = (error as { cause?: unknown })?.cause;
  const known = [error, cause].find((e) => e instanceof ConfigError || e instanceof MigrationsError);
  if (known instanceof Error) {
    console.error(`Aurora Inbox Integrations cannot start: ${known.message}`);
  } else {
    console.error('Aurora Inbox Integrations failed to start:', error);
  }
  process.exit(1);
});
