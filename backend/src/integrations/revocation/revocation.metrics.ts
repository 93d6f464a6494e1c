import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MetricsService } from '../../metrics/metrics.service';
import { RevocationTask } from './revocation-task.entity';

/** The revocation outbox as every instance sees it: how many grants wait to be revoked, and since when. */
@Injectable()
export class RevocationMetrics implements OnModuleInit {
  constructor(
    @InjectRepository(RevocationTask) private readonly outbox: Repository<RevocationTask>,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.registerDatabaseGauge({
      name: 'aurora_revocation_outbox_depth',
      help: 'Provider revocations waiting in the retry outbox',
      collect: async () => [{ value: await this.outbox.count() }],
    });
    this.metrics.registerDatabaseGauge({
      name: 'aurora_revocation_outbox_oldest_age_seconds',
      help: 'Age of the oldest revocation waiting in the outbox (0 when empty)',
      collect: async () => {
        const oldest = await this.outbox.find({ order: { createdAt: 'ASC' }, take: 1, select: { id: true, createdAt: true } });
        return [{ value: oldest[0] ? Math.max(0, Date.now() - oldest[0].createdAt.getTime()) / 1000 : 0 }];
      },
    });
  }
}
