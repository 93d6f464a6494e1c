import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../../config';
import { PROVIDERS, ProviderDefinition } from '../catalog';
import { IntegrationError, IntegrationException } from '../integration.exception';
import { integrationUrl } from '../integration-urls';
import { ProviderHttpClient } from './provider-http.client';
import { ProviderSettings, providersConfig } from './providers.config';
import { RuntimeProvider } from './runtime-provider';
import { sandboxed } from './sandboxed';

/** A catalog provider with its settings; where the sandbox stands in, it is the sandbox's version of it. */
export function bindProvider(
  definition: ProviderDefinition,
  settings: ProviderSettings,
  appUrl: string,
  http: ProviderHttpClient,
): RuntimeProvider {
  const played = settings.mode === 'sandbox' ? sandboxed(definition) : definition;
  return new RuntimeProvider(played, settings, integrationUrl(appUrl, definition.key, 'callback'), http);
}

/** The catalog as this deployment runs it, built once at start-up from the validated settings. */
@Injectable()
export class ProviderRegistry {
  private readonly providers: Map<string, RuntimeProvider>;

  constructor(
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    @Inject(providersConfig.KEY) settings: ConfigType<typeof providersConfig>,
  ) {
    const http = new ProviderHttpClient(app.providerTimeoutMs);
    this.providers = new Map(
      PROVIDERS.map((definition) => [definition.key, bindProvider(definition, settings[definition.key], app.appUrl, http)]),
    );
  }

  all(): RuntimeProvider[] {
    return [...this.providers.values()];
  }

  /** Unknown keys answer 404 like any other missing resource. */
  get(key: string): RuntimeProvider {
    const provider = this.providers.get(key);
    if (!provider) throw new IntegrationException(IntegrationError.UnknownIntegration);
    return provider;
  }

  getConfigured(key: string): RuntimeProvider {
    const provider = this.get(key);
    if (!provider.configured) throw new IntegrationException(IntegrationError.NotConfigured);
    return provider;
  }
}
