import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { EventsModule } from '../events/events.module';
import { HealthModule } from '../health/health.module';
import { tokenCipherProvider } from '../integrations/connections/token-cipher.provider';
import { DeliveryOutboxService } from './delivery/delivery-outbox.service';
import { DeliveryWorkerService } from './delivery/delivery-worker.service';
import { WebhookHttpClient } from './delivery/webhook-http.client';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { webhooksConfig } from './webhooks.config';

/** Signed outbound webhooks (Standard Webhooks) fed from the event log (DESIGN §12). */
@Module({
  imports: [
    ConfigModule.forFeature(webhooksConfig),
    TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery, WebhookAttempt]),
    EventsModule,
    AuditModule,
    HealthModule,
  ],
  controllers: [WebhookEndpointsController],
  providers: [tokenCipherProvider, WebhookHttpClient, DeliveryOutboxService, DeliveryWorkerService, WebhookEndpointsService],
})
export class WebhooksModule {}
