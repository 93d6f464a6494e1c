import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';
import { EventCursor } from './entities/event-cursor.entity';
import { LoggedEvent } from './entities/event.entity';
import { EventsService } from './events.service';

/** How far each consumer of the event log trails its end: in events, and by the age of the oldest one it has not handled. */
@Injectable()
export class EventConsumersMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.registerDatabaseGauge({
      name: 'aurora_event_consumer_lag_events',
      help: 'Events in the log that a consumer has not handled yet',
      labelNames: ['consumer'],
      collect: async () => {
        const last = BigInt(await this.events.lastId());
        const cursors = await this.dataSource.getRepository(EventCursor).find();
        return cursors.map((c) => ({ labels: { consumer: c.consumer }, value: Number(last - BigInt(c.position)) }));
      },
    });
    this.metrics.registerDatabaseGauge({
      name: 'aurora_event_consumer_lag_seconds',
      help: 'Age of the oldest event a consumer has not handled yet (0 when it is caught up)',
      labelNames: ['consumer'],
      collect: async () => {
        const cursors = await this.dataSource.getRepository(EventCursor).find();
        const samples = [];
        for (const cursor of cursors) {
          const next = await this.dataSource.getRepository(LoggedEvent).findOne({
            where: { id: MoreThan(cursor.position) },
            order: { id: 'ASC' },
            select: { id: true, occurredAt: true },
          });
          const age = next ? Math.max(0, Date.now() - next.occurredAt.getTime()) / 1000 : 0;
          samples.push({ labels: { consumer: cursor.consumer }, value: age });
        }
        return samples;
      },
    });
  }
}
