import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { insertOrElse } from '../common/database-errors';
import { createValidationPipe } from '../common/validation.pipe';
import { appConfig } from '../config';
import { EventConsumersService } from '../events/event-consumers.service';
import { ConnectionsService } from '../integrations/connections/connections.service';
import { IntegrationError, IntegrationException } from '../integrations/integration.exception';
import { DeliveryQueueService } from './delivery-queue.service';
import { destinationConsumer } from './destination-consumer';
import { DeliveryFailure, DestinationDefinition, LookupParams } from './destination-definition';
import { DestinationRunner } from './destination-runner.service';
import { findDestination } from './destinations';
import {
  LeadDeliveryResponse,
  LeadDestinationResponse,
  LookupPageResponse,
  toDeliveryResponse,
  toDestinationResponse,
} from './dto/lead-destination.response';
import { LeadDestination } from './entities/lead-destination.entity';
import { LeadDestinationError, LeadDestinationException } from './lead-destinations.exception';
import { sampleLead } from './lead-details';

/** Settings, delivery list, test send and pickers of every lead destination, behind one set of routes. */
@Injectable()
export class LeadDestinationsService {
  private readonly validation = createValidationPipe();

  constructor(
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @InjectRepository(LeadDestination) private readonly destinations: Repository<LeadDestination>,
    private readonly consumers: EventConsumersService,
    private readonly queue: DeliveryQueueService,
    private readonly runner: DestinationRunner,
    private readonly connections: ConnectionsService,
  ) {}

  async get(accountId: string, integrationKey: string): Promise<LeadDestinationResponse> {
    const definition = this.definition(integrationKey);
    const row = await this.destinations.findOneBy({ accountId, integrationKey });
    return toDestinationResponse(integrationKey, row, { ...definition.defaults });
  }

  /**
   * Saves the settings (400 naming the field when they are wrong). The first save starts the destination's
   * cursor at the log's end: leads from now on are sent, older ones are not replayed into a new channel.
   */
  async save(accountId: string, integrationKey: string, body: unknown): Promise<LeadDestinationResponse> {
    const definition = this.definition(integrationKey);
    const settings = JSON.stringify(await this.validated(definition, body));
    const now = new Date();
    const fresh = this.destinations.create({
      id: randomUUID(),
      accountId,
      integrationKey,
      settings,
      lastDeliveredAt: null,
      lastError: null,
      lastErrorAt: null,
      createdAt: now,
      updatedAt: now,
    });
    await insertOrElse(
      () => this.destinations.insert(fresh),
      () => this.destinations.update({ accountId, integrationKey }, { settings, updatedAt: now }),
    );
    const row = await this.destinations.findOneByOrFail({ accountId, integrationKey });
    await this.consumers.register(destinationConsumer(row.id));
    await this.queue.retryNow(row.id);
    return toDestinationResponse(integrationKey, row, {});
  }

  async deliveries(accountId: string, integrationKey: string, limit = 50): Promise<LeadDeliveryResponse[]> {
    this.definition(integrationKey);
    const row = await this.destinations.findOneBy({ accountId, integrationKey });
    return row ? (await this.queue.list(row.id, limit)).map(toDeliveryResponse) : [];
  }

  /** "Send test message" / "Append a test row" with the settings on screen, saved or not. */
  async test(accountId: string, integrationKey: string, body: unknown): Promise<{ sent: true }> {
    const definition = this.definition(integrationKey);
    const settings = await this.validated(definition, body);
    await this.requireConnection(accountId, integrationKey);
    try {
      await this.runner.deliver(definition, accountId, sampleLead(this.app.appUrl), settings);
    } catch (error) {
      throw refusal(error);
    }
    return { sent: true };
  }

  async lookup(accountId: string, integrationKey: string, name: string, params: LookupParams): Promise<LookupPageResponse> {
    const definition = this.definition(integrationKey);
    if (!Object.hasOwn(definition.lookups, name)) throw new LeadDestinationException(LeadDestinationError.UnknownLookup);
    await this.requireConnection(accountId, integrationKey);
    try {
      return await this.runner.lookup(definition, accountId, name, params);
    } catch (error) {
      throw refusal(error);
    }
  }

  /** Test sends and pickers act through the connection: without one they answer 404 `not_connected`. */
  private async requireConnection(accountId: string, integrationKey: string): Promise<void> {
    if (!(await this.connections.find(accountId, integrationKey))) throw new IntegrationException(IntegrationError.NotConnected);
  }

  private definition(integrationKey: string): DestinationDefinition {
    const definition = findDestination(integrationKey);
    if (!definition) throw new LeadDestinationException(LeadDestinationError.NotSupported);
    return definition;
  }

  /** The destination's own DTO through the app's validation pipe: same whitelist, same 400 wording. */
  private async validated(definition: DestinationDefinition, body: unknown): Promise<object> {
    return (await this.validation.transform(body ?? {}, { type: 'body', metatype: definition.settingsType })) as object;
  }
}

function refusal(error: unknown): LeadDestinationException {
  const failure = error as DeliveryFailure;
  return new LeadDestinationException(
    failure.kind === 'reauth' ? LeadDestinationError.ReauthRequired : LeadDestinationError.ProviderRefused,
    failure.message,
  );
}
