import type { INestApplicationContext } from '@nestjs/common';
import { join } from 'node:path';
import type { ConfigType } from '@nestjs/config';
import { appConfig, sandboxConfig } from '../../config';
import { facebookConfig } from '../../facebook-lead-ads/facebook.config';
import { PROVIDERS } from '../../integrations/catalog';
import { providersConfig } from '../../integrations/providers/providers.config';
import { sandboxClients } from './sandbox-clients';
import { startSandbox } from './sandbox-server';
import { SandboxServer } from './sandbox.types';

/** In DATA_DIR: what the sandbox issued and holds, so a restarted demo stays connected (`demo:reset` deletes it). */
export const SANDBOX_STATE_FILE = 'sandbox-state.json';

/**
 * Starts the sandbox next to the app (`npm start`), registering the app's exact redirect URIs for every
 * provider that has no real credentials. Returns null when the sandbox is off or nothing needs it.
 */
export async function launchSandbox(context: INestApplicationContext): Promise<SandboxServer | null> {
  const sandbox = context.get<ConfigType<typeof sandboxConfig>>(sandboxConfig.KEY);
  if (sandbox.notStartedBecause) console.warn(`Sandbox provider not started: ${sandbox.notStartedBecause}.`);
  if (!sandbox.enabled) return null;
  const app = context.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  const providers = context.get<ConfigType<typeof providersConfig>>(providersConfig.KEY);
  const facebook = context.get<ConfigType<typeof facebookConfig>>(facebookConfig.KEY);
  const names = Object.fromEntries(PROVIDERS.map((p) => [p.key, p.name]));
  const clients = sandboxClients(providers, app.appUrl, names, sandbox.url);
  if (clients.length === 0) return null;
  try {
    return await startSandbox({
      port: sandbox.port,
      host: new URL(sandbox.url).hostname,
      clients,
      coop: sandbox.coop,
      facebook: facebook.appSecret
        ? { appSecret: facebook.appSecret, webhookUrl: `${app.appUrl}/api/v1/webhooks/facebook` }
        : undefined,
      stateFile: join(app.dataDir, SANDBOX_STATE_FILE),
    });
  } catch (error) {
    // Several app instances on one machine share the first one's sandbox: it runs once.
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      console.log(`Sandbox port ${sandbox.port} is taken; using the sandbox already running at ${sandbox.url}`);
      return null;
    }
    throw error;
  }
}
