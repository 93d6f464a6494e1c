import type { MigrationInterface } from 'typeorm';
import { AccountsAndAuth1764000000000 } from './1764000000000-accounts-and-auth';
import { Integrations1764100000000 } from './1764100000000-integrations';
import { FacebookLeadAdsAndContacts1764200000000 } from './1764200000000-facebook-lead-ads-and-contacts';
import { EmailBinaryCollation1764400000000 } from './1764400000000-email-binary-collation';
import { EventLog1764600000000 } from './1764600000000-event-log';
import { Webhooks1764800000000 } from './1764800000000-webhooks';
import { ApiKeyCreator1764900000000 } from './1764900000000-api-key-creator';
import { RateWindowsAndSweepIndices1765000000000 } from './1765000000000-rate-windows-and-sweep-indices';
import { ProviderProxy1765100000000 } from './1765100000000-provider-proxy';
import { ConnectionHealth1765110000000 } from './1765110000000-connection-health';
import { LeadInbox1765120000000 } from './1765120000000-lead-inbox';
import { FacebookDataDeletions1765130000000 } from './1765130000000-facebook-data-deletions';
import { LeadRecords1765140000000 } from './1765140000000-lead-records';
import { LeadDestinations1765150000000 } from './1765150000000-lead-destinations';
import { SealWebhookSecrets1765160000000 } from './1765160000000-seal-webhook-secrets';
import { BackfillCadence1765175000000 } from './1765175000000-backfill-cadence';
import { ReconnectFlows1765180000000 } from './1765180000000-reconnect-flows';

/** Every migration, oldest first; both SQLite and MySQL run this same list. */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  AccountsAndAuth1764000000000,
  Integrations1764100000000,
  FacebookLeadAdsAndContacts1764200000000,
  EmailBinaryCollation1764400000000,
  EventLog1764600000000,
  Webhooks1764800000000,
  ApiKeyCreator1764900000000,
  RateWindowsAndSweepIndices1765000000000,
  ProviderProxy1765100000000,
  ConnectionHealth1765110000000,
  LeadInbox1765120000000,
  FacebookDataDeletions1765130000000,
  LeadRecords1765140000000,
  LeadDestinations1765150000000,
  SealWebhookSecrets1765160000000,
  BackfillCadence1765175000000,
  ReconnectFlows1765180000000,
];
