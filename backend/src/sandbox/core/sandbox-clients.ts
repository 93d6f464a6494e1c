import { integrationUrl } from '../../integrations/integration-urls';
import type { ProvidersSettings } from '../../integrations/providers/providers.config';

export interface SandboxClientRegistration {
  providerKey: string;
  name: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/**
 * The OAuth clients the sandbox must know: every provider this deployment sends to the sandbox, including
 * one with credentials of its own whose URLs were pointed at the sandbox (`<PREFIX>_BASE_URL`), as an
 * in-house OAuth server would be.
 */
export function sandboxClients(
  providers: ProvidersSettings,
  appUrl: string,
  names: Record<string, string>,
  sandboxUrl?: string,
): SandboxClientRegistration[] {
  const pointedAtSandbox = (provider: ProvidersSettings[string]) =>
    sandboxUrl !== undefined && provider.endpoints.tokenUrl.startsWith(`${sandboxUrl}/${provider.key}/`);
  return Object.values(providers)
    .filter((provider) => provider.mode === 'sandbox' || (provider.mode === 'real' && pointedAtSandbox(provider)))
    .map((provider) => ({
      providerKey: provider.key,
      name: names[provider.key] ?? provider.key,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      redirectUri: integrationUrl(appUrl, provider.key, 'callback'),
    }));
}
