import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appConfig } from '../config';
import { EventConsumersService } from '../events/event-consumers.service';
import { LoggedEvent } from '../events/entities/event.entity';
import { DrainService } from '../health/drain.service';
import { DeliveryQueueService } from './delivery-queue.service';
import { DestinationStatusService } from './destination-status.service';
import { destinationConsumer } from './destination-consumer';
import { DeliveryFailure } from './destination-definition';
import { DestinationRunner } from './destination-runner.service';
import { findDestination } from './destinations';
import { LeadDelivery } from './entities/lead-delivery.entity';
import { LeadDestination } from './entities/lead-destination.entity';
import { leadDestinationsConfig } from './lead-destinations.config';
import { loadLead } from './lead-details';

/** Sends per destination and round, one after the other to keep their order. */
const SENDS_PER_ROUND = 20;
const BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];
/** Waiting on an admin (a gone channel, a dead grant): look again now and then; saving settings retries at once. */
const HELD_MS = 60_000;

/**
 * Each instance's lead-destination loop: every destination's cursor turns new leads into deliveries, then
 * each destination's oldest open delivery is claimed and sent. Claim before send: a crash mid-send leaves
 * `sending`, which is later marked `unconfirmed` instead of being posted a second time.
 */
@Injectable()
export class LeadDeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LeadDestinations');
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(leadDestinationsConfig.KEY) private readonly settings: ConfigType<typeof leadDestinationsConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consumers: EventConsumersService,
    private readonly queue: DeliveryQueueService,
    private readonly runner: DestinationRunner,
    private readonly status: DestinationStatusService,
    private readonly drain: DrainService,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduleNext();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round over every destination; returns how many sends it attempted. */
  async runOnce(): Promise<number> {
    const destinations = await this.dataSource.getRepository(LeadDestination).find();
    const sent = await Promise.all(destinations.map((destination) => this.runDestination(destination)));
    return sent.reduce((sum, count) => sum + count, 0);
  }

  private async runDestination(destination: LeadDestination): Promise<number> {
    const consumer = destinationConsumer(destination.id);
    while (
      !this.drain.isDraining &&
      (await this.consumers.runBatch(consumer, (batch, manager) =>
        this.queue.enqueue(destination, batch, manager, this.app.appUrl),
      )) > 0
    );
    let attempted = 0;
    while (!this.drain.isDraining && attempted < SENDS_PER_ROUND) {
      const head = await this.queue.head(destination.id);
      if (!head || !(await this.sendHead(destination, head))) break;
      attempted++;
    }
    return attempted;
  }

  /** Returns true when the head moved on (sent, skipped, given up), so the next one may go. */
  private async sendHead(destination: LeadDestination, head: LeadDelivery): Promise<boolean> {
    const now = new Date();
    if (head.status === 'sending') {
      if (head.leaseUntil && head.leaseUntil > now) return false;
      await this.queue.finish(head, head.leaseOwner, {
        status: 'unconfirmed',
        error: 'The sender stopped mid-send; it may have arrived, so it is not sent a second time.',
      });
      return true;
    }
    const definition = findDestination(destination.integrationKey);
    const owner = randomUUID();
    if (!definition || !(await this.queue.claim(head, owner))) return false;
    const event = await this.dataSource.getRepository(LoggedEvent).findOneBy({ id: head.eventId });
    const lead = event && (await loadLead(this.dataSource.manager, event, this.app.appUrl));
    if (!lead) {
      await this.queue.finish(head, owner, { status: 'skipped', error: 'The contact was deleted before it could be sent.' });
      return true;
    }
    try {
      await this.runner.deliver(definition, destination.accountId, lead, JSON.parse(destination.settings) as object);
      await this.queue.finish(head, owner, { status: 'delivered', error: null });
      await this.status.delivered(destination);
      return true;
    } catch (error) {
      const failure = error as DeliveryFailure;
      if (failure.kind === 'unconfirmed') {
        await this.queue.finish(head, owner, { status: 'unconfirmed', error: failure.message });
        await this.status.failed(destination, failure);
        return true;
      }
      const waitMs =
        failure.kind === 'retry'
          ? failure.retryAfterSeconds !== null
            ? failure.retryAfterSeconds * 1000
            : BACKOFF_MS[Math.min(head.attempts, BACKOFF_MS.length - 1)]
          : HELD_MS;
      await this.queue.finish(head, owner, { status: 'pending', error: failure.message, retryAt: new Date(Date.now() + waitMs) });
      await this.status.failed(destination, failure);
      return false;
    }
  }

  private scheduleNext(delayMs = this.settings.pollIntervalMs): void {
    if (this.stopped || this.drain.isDraining) return;
    this.timer = setTimeout(() => {
      this.round = this.runOnce()
        .then(
          () => undefined,
          (error: unknown) => this.logger.warn(`Lead destination round failed: ${(error as Error).message}`),
        )
        .finally(() => {
          this.round = undefined;
          this.scheduleNext();
        });
    }, delayMs);
    // The loop must never keep a process (a test, the CLI) alive on its own.
    this.timer.unref();
  }
}
