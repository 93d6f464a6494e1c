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

/**
 * One provider URL as configured: its own `<PREFIX>_<SUFFIX>` wins; otherwise `<PREFIX>_BASE_URL` (an
 * in-house OAuth server, a regional or test host) replaces the origin of the catalog default and keeps its
 * path, so one setting moves every URL a provider uses; otherwise the catalog default.
 */
export function providerUrlOverride(env: RawEnv, provider: ProviderDefinition, versioned: (url: string) => string = (u) => u) {
  const baseUrl = readUrl(env, `${provider.envPrefix}_BASE_URL`);
  return (suffix: string, fallback?: string): string | undefined => {
    const derived = fallback && baseUrl ? rebase(baseUrl, versioned(fallback)) : fallback && versioned(fallback);
    return readUrl(env, `${provider.envPrefix}_${suffix}`, derived);
  };
}

function rebase(baseUrl: string, url: string): string {
  const { pathname, search } = new URL(url);
  return `${baseUrl}${pathname === '/' ? '' : pathname}${search}`;
}

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
    const override = providerUrlOverride(env, provider, versioned);
    return {
      key: provider.key,
      mode: 'real',
      clientId,
      clientSecret,
      endpoints: {
        authorizeUrl: override('AUTHORIZE_URL', provider.endpoints.authorizeUrl) as string,
        tokenUrl: override('TOKEN_URL', provider.endpoints.tokenUrl) as string,
        revokeUrl: override('REVOKE_URL', provider.endpoints.revokeUrl),
        identityUrl: override('IDENTITY_URL', provider.endpoints.identityUrl),
      },
      apiBaseUrl: provider.api
        ? `${readUrl(env, provider.api.urlEnv, provider.api.defaultUrl)}/${version}`
        : override('API_URL', provider.apiBaseUrl),
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
      identityUrl: `${base}/api/me`,
    },
    apiBaseUrl: provider.sandboxServesApi ? `${base}/graph/${version}` : `${base}/api`,
  };
}

export function parseProvidersSettings(env: RawEnv): ProvidersSettings {
  return Object.fromEntries(PROVIDERS.map((provider) => [provider.key, resolveProvider(env, provider)]));
}

export const providersConfig = registerAs('providers', () => parseProvidersSettings(process.env));
