import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { appConfig } from '../config';
import { Connection } from '../integrations/connections/connection.entity';
import { ConnectionsService } from '../integrations/connections/connections.service';
import { IntegrationError, IntegrationException } from '../integrations/integration.exception';
import { ProviderHttpClient } from '../integrations/providers/provider-http.client';
import { ProviderRegistry } from '../integrations/providers/provider-registry.service';
import { destinationApi } from './destination-api';
import {
  DeliveryFailure,
  DestinationApi,
  DestinationDefinition,
  DestinationLead,
  LookupPage,
  LookupParams,
} from './destination-definition';

/**
 * Runs a destination's own functions against an account's connection, and turns whatever goes wrong
 * into a DeliveryFailure in plain words, so the worker and the content area's buttons read one kind of error.
 */
@Injectable()
export class DestinationRunner {
  private readonly http: ProviderHttpClient;

  constructor(
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    private readonly providers: ProviderRegistry,
    private readonly connections: ConnectionsService,
    @InjectRepository(Connection) private readonly connectionRows: Repository<Connection>,
  ) {
    this.http = new ProviderHttpClient(app.providerTimeoutMs);
  }

  deliver(definition: DestinationDefinition, accountId: string, lead: DestinationLead, settings: object): Promise<void> {
    return this.run(definition, accountId, (api) => definition.deliver(lead, settings, api));
  }

  lookup(definition: DestinationDefinition, accountId: string, name: string, params: LookupParams): Promise<LookupPage> {
    const lookup = definition.lookups[name];
    return this.run(definition, accountId, (api) => lookup(api, params));
  }

  private async run<T>(
    definition: DestinationDefinition,
    accountId: string,
    work: (api: DestinationApi) => Promise<T>,
  ): Promise<T> {
    const provider = this.providers.get(definition.integrationKey);
    const deps = { connections: this.connections, connectionRows: this.connectionRows, http: this.http };
    try {
      return await work(destinationApi(deps, provider, definition, accountId));
    } catch (error) {
      throw asFailure(error, provider.definition.name);
    }
  }
}

function asFailure(error: unknown, providerName: string): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  if (error instanceof IntegrationException) {
    if (error.code === (IntegrationError.NotConnected as string)) {
      return new DeliveryFailure('blocked', `${providerName} is not connected.`);
    }
    if (error.code === (IntegrationError.ReauthRequired as string)) {
      return new DeliveryFailure('reauth', `${providerName} needs to be reconnected before anything can be sent.`);
    }
    return new DeliveryFailure('retry', `${providerName} could not be reached; retrying.`);
  }
  return new DeliveryFailure('retry', `Something went wrong while sending to ${providerName}; retrying.`);
}
