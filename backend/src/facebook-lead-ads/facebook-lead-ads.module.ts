import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactsModule } from '../contacts/contacts.module';
import { EventsModule } from '../events/events.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { FacebookDataDeletionController } from './data-deletion/facebook-data-deletion.controller';
import { FacebookDataDeletionService } from './data-deletion/facebook-data-deletion.service';
import { FacebookUserDataService } from './data-deletion/facebook-user-data.service';
import { FacebookDataDeletion } from './entities/facebook-data-deletion.entity';
import { FacebookFormConnection } from './entities/facebook-form-connection.entity';
import { FacebookPage } from './entities/facebook-page.entity';
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
    IntegrationsModule,
    ContactsModule,
    EventsModule,
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
  ],
  exports: [LeadBackfillService],
})
export class FacebookLeadAdsModule {}
