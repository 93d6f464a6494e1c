import { integrationUrl } from '../../integrations/integration-urls';
import type { ProvidersSettings } from '../../integrations/providers/providers.config';

export interface SandboxClientRegistration {
  providerKey: string;
  name: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** The OAuth clients the sandbox must know: every provider this deployment sends to the sandbox. */
export function sandboxClients(
  providers: ProvidersSettings,
  appUrl: string,
  names: Record<string, string>,
): SandboxClientRegistration[] {
  return Object.values(providers)
    .filter((provider) => provider.mode === 'sandbox')
    .map((provider) => ({
      providerKey: provider.key,
      name: names[provider.key] ?? provider.key,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      redirectUri: integrationUrl(appUrl, provider.key, 'callback'),
    }));
}
