import { registerAs } from '@nestjs/config';
import { ConfigError } from '../../config/config.error';
import { RawEnv, readString, readUrl } from '../../config/env.validation';
import { parseSandboxSettings } from '../../config/sandbox.config';
import { clientSettingNames, PROVIDERS, ProviderDefinition, ProviderEndpoints } from '../catalog';

/** How one catalog provider is reached in this deployment. */
export interface ProviderSettings {
  key: string;
  /** `real`: the provider's own endpoints; `sandbox`: the local stand-in; `unconfigured`: listed, not connectable. */
  mode: 'real' | 'sandbox' | 'unconfigured';
  clientId: string;
  clientSecret: string;
  endpoints: ProviderEndpoints;
  apiBaseUrl?: string;
}

export type ProvidersSettings = Record<string, ProviderSettings>;

function resolveProvider(env: RawEnv, provider: ProviderDefinition): ProviderSettings {
  const sandbox = parseSandboxSettings(env);
  const { clientIdEnv: idVar, clientSecretEnv: secretVar } = clientSettingNames(provider);
  const clientId = readString(env, idVar);
  const clientSecret = readString(env, secretVar);
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    throw new ConfigError(
      clientId === undefined ? idVar : secretVar,
      `is required when ${clientId === undefined ? secretVar : idVar} is set`,
    );
  }
  const version = provider.api ? (readString(env, provider.api.versionEnv, provider.api.defaultVersion) as string) : '';
  if (provider.api && !/^v\d+\.\d+$/.test(version)) {
    throw new ConfigError(provider.api.versionEnv, `expected a version like ${provider.api.defaultVersion}, got "${version}"`);
  }
  const versioned = (url: string) => url.replace('{apiVersion}', version);

  if (clientId !== undefined && clientSecret !== undefined) {
    const override = (suffix: string, fallback?: string) =>
      readUrl(env, `${provider.envPrefix}_${suffix}`, fallback && versioned(fallback));
    return {
      key: provider.key,
      mode: 'real',
      clientId,
      clientSecret,
      endpoints: {
        authorizeUrl: override('AUTHORIZE_URL', provider.endpoints.authorizeUrl) as string,
        tokenUrl: override('TOKEN_URL', provider.endpoints.tokenUrl) as string,
        revokeUrl: override('REVOKE_URL', provider.endpoints.revokeUrl),
      },
      apiBaseUrl: provider.api
        ? `${readUrl(env, provider.api.urlEnv, provider.api.defaultUrl)}/${version}`
        : readUrl(env, `${provider.envPrefix}_API_URL`, provider.apiBaseUrl),
    };
  }

  const base = `${sandbox.url}/${provider.key}`;
  return {
    key: provider.key,
    mode: sandbox.enabled ? 'sandbox' : 'unconfigured',
    clientId: `aurora-${provider.key}`,
    clientSecret: sandbox.clientSecret,
    endpoints: {
      authorizeUrl: `${base}/oauth/authorize`,
      tokenUrl: `${base}/oauth/token`,
      revokeUrl: `${base}/oauth/revoke`,
    },
    apiBaseUrl: provider.sandboxServesApi ? `${base}/graph/${version}` : `${base}/api`,
  };
}

export function parseProvidersSettings(env: RawEnv): ProvidersSettings {
  return Object.fromEntries(PROVIDERS.map((provider) => [provider.key, resolveProvider(env, provider)]));
}

export const providersConfig = registerAs('providers', () => parseProvidersSettings(process.env));
