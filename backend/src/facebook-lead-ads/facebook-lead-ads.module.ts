import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ContactsModule } from '../contacts/contacts.module';
import { EventsModule } from '../events/events.module';
import { HealthModule } from '../health/health.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { FacebookDataDeletionController } from './data-deletion/facebook-data-deletion.controller';
import { FacebookDataDeletionService } from './data-deletion/facebook-data-deletion.service';
import { FacebookUserDataService } from './data-deletion/facebook-user-data.service';
import { FacebookDataDeletion } from './entities/facebook-data-deletion.entity';
import { FacebookFormConnection } from './entities/facebook-form-connection.entity';
import { FacebookPage } from './entities/facebook-page.entity';
import { LeadInboxEntry } from './entities/lead-inbox-entry.entity';
import { UserTokenRejection } from './entities/user-token-rejection.entity';
import { UserTokenAccessService } from './user-token-access.service';
import { FormAccessService } from './inbox/form-access.service';
import { LeadInboxService } from './inbox/lead-inbox.service';
import { LeadInboxWorkerService } from './inbox/lead-inbox-worker.service';
import { FacebookLeadAdsController } from './facebook-lead-ads.controller';
import { FacebookLeadAdsService } from './facebook-lead-ads.service';
import { facebookConfig } from './facebook.config';
import { FacebookPagesService } from './facebook-pages.service';
import { GraphClient } from './graph.client';
import { GraphVersionCheck } from './graph-version-check';
import { LeadBackfillService } from './lead-backfill.service';
import { LeadImportService } from './lead-import.service';
import { FacebookWebhooksController } from './webhooks/facebook-webhooks.controller';
import { FacebookWebhooksService } from './webhooks/facebook-webhooks.service';

@Module({
  imports: [
    ConfigModule.forFeature(facebookConfig),
    TypeOrmModule.forFeature([FacebookPage, FacebookFormConnection, FacebookDataDeletion]),
    TypeOrmModule.forFeature([FacebookPage, FacebookFormConnection, LeadInboxEntry, UserTokenRejection]),
    IntegrationsModule,
    ContactsModule,
    EventsModule,
    AuditModule,
    HealthModule,
  ],
  controllers: [FacebookLeadAdsController, FacebookWebhooksController, FacebookDataDeletionController],
  providers: [
    GraphClient,
    FacebookPagesService,
    FacebookLeadAdsService,
    LeadImportService,
    LeadBackfillService,
    FacebookWebhooksService,
    FacebookUserDataService,
    FacebookDataDeletionService,
    GraphVersionCheck,
    LeadInboxService,
    LeadInboxWorkerService,
    FormAccessService,
    UserTokenAccessService,
  ],
  exports: [LeadBackfillService, LeadInboxWorkerService],
})
export class FacebookLeadAdsModule {}
