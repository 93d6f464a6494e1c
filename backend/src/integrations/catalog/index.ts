import { calendlyProvider } from './calendly.provider';
import { facebookLeadAdsProvider } from './facebook-lead-ads.provider';
import { googleSheetsProvider } from './google-sheets.provider';
import { hubspotProvider } from './hubspot.provider';
import { pipedriveProvider } from './pipedrive.provider';
import { ProviderDefinition } from './provider-definition';
import { salesforceProvider } from './salesforce.provider';
import { slackProvider } from './slack.provider';
import { zohoCrmProvider } from './zoho-crm.provider';

/** The catalog, in the order the admin sees it. Adding a provider = one file + one line here. */
export const PROVIDERS: readonly ProviderDefinition[] = [
  facebookLeadAdsProvider,
  googleSheetsProvider,
  hubspotProvider,
  salesforceProvider,
  slackProvider,
  pipedriveProvider,
  zohoCrmProvider,
  calendlyProvider,
];

export * from './provider-definition';
