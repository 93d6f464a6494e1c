import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { createApp } from './app.factory';
import { AppSettings, ConfigError } from './config';
import { MigrationsError } from './database/migrate';
import { launchSandbox } from './sandbox/sandbox-launcher';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get(ConfigService);
  const settings = config.getOrThrow<AppSettings>('app');
  await app.listen(settings.port);
  const sandbox = await launchSandbox(config);
  const stop = async () => {
    await sandbox?.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  console.log(`\nAurora Inbox Integrations is running at ${settings.appUrl}`);
  if (sandbox) console.log(`Sandbox provider (stands in for providers without credentials) at ${sandbox.url}`);
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
