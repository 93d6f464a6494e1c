import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { webhooksConfig } from '../webhooks.config';
import { EventConsumersService } from '../../events/event-consumers.service';
import { DrainService } from '../../health/drain.service';
import { MetricsService } from '../../metrics/metrics.service';
import { WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../entities/webhook-endpoint.entity';
import { DeliveryOutboxService } from './delivery-outbox.service';
import { signedHeaders } from './message-signer';
import { openSigningSecret } from './signing-secret-seal';
import { TOKEN_CIPHER } from '../../integrations/connections/token-cipher.provider';
import { TokenCipher } from '../../integrations/connections/token-cipher';
import { WebhookHttpClient } from './webhook-http.client';

/** The event log consumer that turns events into deliveries. */
export const WEBHOOKS_CONSUMER = 'webhooks';
/** Deliveries one instance sends side by side per round. */
const SENDS_PER_ROUND = 20;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Each instance's webhook loop: new events become deliveries (the consumer's lease lets one instance
 * at a time do that), then due deliveries are claimed and sent. It stops taking work when the instance
 * drains, and shutdown waits for the round in progress so no attempt goes unrecorded.
 */
@Injectable()
export class DeliveryWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookDelivery');
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;
  private lastPrune = 0;

  constructor(
    @Inject(webhooksConfig.KEY) private readonly settings: ConfigType<typeof webhooksConfig>,
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    private readonly consumers: EventConsumersService,
    private readonly outbox: DeliveryOutboxService,
    private readonly http: WebhookHttpClient,
    @Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher,
    private readonly drain: DrainService,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(WEBHOOKS_CONSUMER);
    this.scheduleNext();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round; returns how many deliveries it attempted. */
  async runOnce(): Promise<number> {
    while (
      !this.drain.isDraining &&
      (await this.consumers.runBatch(WEBHOOKS_CONSUMER, (batch, manager) => this.outbox.enqueueEvents(batch, manager))) > 0
    );
    if (this.drain.isDraining) return 0;
    const owner = randomUUID();
    const due = await this.outbox.claimDue(owner, SENDS_PER_ROUND);
    await Promise.all(due.map((delivery) => this.attempt(delivery, owner)));
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await this.outbox.prune();
    }
    return due.length;
  }

  /** A full round suggests more is due: the next one starts at once instead of after the poll interval. */
  private scheduleNext(delayMs = this.settings.pollIntervalMs): void {
    if (this.stopped || this.drain.isDraining) return;
    this.timer = setTimeout(() => {
      let attempted = 0;
      this.round = this.runOnce()
        .then(
          (count) => void (attempted = count),
          (error: unknown) => this.logger.warn(`Webhook round failed: ${(error as Error).message}`),
        )
        .finally(() => {
          this.round = undefined;
          this.scheduleNext(attempted === SENDS_PER_ROUND ? 0 : undefined);
        });
    }, delayMs);
    // The loop must never keep a process (a test, the CLI) alive on its own.
    this.timer.unref();
  }

  private async attempt(delivery: WebhookDelivery, owner: string): Promise<void> {
    const endpoint = await this.endpoints.findOne({
      where: { id: delivery.endpointId },
      select: {
        id: true,
        accountId: true,
        url: true,
        enabled: true,
        secret: true,
        previousSecret: true,
        previousSecretUntil: true,
      },
    });
    if (!endpoint?.enabled) return this.outbox.abandon(delivery, owner, 'The endpoint was disabled before this was sent.');
    const now = new Date();
    let secrets: string[];
    try {
      secrets = [openSigningSecret(this.cipher, endpoint, endpoint.secret)];
      if (endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now) {
        secrets.push(openSigningSecret(this.cipher, endpoint, endpoint.previousSecret));
      }
    } catch {
      // A key removed from TOKEN_ENCRYPTION_KEYS too early: retrying cannot help, and nothing unsigned is sent.
      return this.outbox.abandon(delivery, owner, 'The signing secret cannot be decrypted with TOKEN_ENCRYPTION_KEYS.');
    }
    const headers = signedHeaders(delivery.messageId, delivery.payload, secrets, now);
    const result = await this.http.post(endpoint.url, headers, delivery.payload);
    this.metrics.eventDeliveryAttempts.inc({ outcome: result.outcome });
    await this.outbox.complete(delivery, owner, result);
  }
}
