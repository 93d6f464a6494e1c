import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DatabasePoolMetrics } from './database-pool.metrics';
import { MetricsServerService } from './metrics-server.service';
import { metricsConfig } from './metrics.config';
import { MetricsService } from './metrics.service';

/** Global: any feature may count what it does, or register a gauge read from the database. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(metricsConfig)],
  providers: [MetricsService, MetricsServerService, DatabasePoolMetrics],
  exports: [MetricsService],
})
export class MetricsModule {}
