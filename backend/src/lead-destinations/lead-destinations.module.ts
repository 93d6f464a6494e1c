import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { HealthModule } from '../health/health.module';
import { Connection } from '../integrations/connections/connection.entity';
import { IntegrationsModule } from '../integrations/integrations.module';
import { DeliveryQueueService } from './delivery-queue.service';
import { LeadDeliveryWorker } from './delivery-worker.service';
import { DestinationRunner } from './destination-runner.service';
import { DestinationStatusService } from './destination-status.service';
import { LeadDelivery } from './entities/lead-delivery.entity';
import { LeadDestination } from './entities/lead-destination.entity';
import { LeadDestinationsController } from './lead-destinations.controller';
import { leadDestinationsConfig } from './lead-destinations.config';
import { LeadDestinationsService } from './lead-destinations.service';

/** Built-in integrations that act on every new lead (Slack lead alerts, Google Sheets lead rows; DESIGN §12). */
@Module({
  imports: [
    ConfigModule.forFeature(leadDestinationsConfig),
    TypeOrmModule.forFeature([LeadDestination, LeadDelivery, Connection]),
    EventsModule,
    HealthModule,
    IntegrationsModule,
  ],
  controllers: [LeadDestinationsController],
  providers: [DeliveryQueueService, DestinationRunner, DestinationStatusService, LeadDeliveryWorker, LeadDestinationsService],
})
export class LeadDestinationsModule {}
