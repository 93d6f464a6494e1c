import type { LeadConsent, LeadDetails } from '../contacts/lead-details';
import type { FacebookFormConnection } from './entities/facebook-form-connection.entity';
import type { GraphLead } from './graph.client';
import type { LeadFieldData } from './lead-mapping';

/** The Lead Ads Testing Tool fills every answer with this placeholder, e.g. `<test lead: dummy data for email>`. */
const TEST_PLACEHOLDER = /^<test lead: dummy data for [^>]*>$/i;
/** …and these e-mail addresses (older tool versions, and Meta's own test leads). */
const TEST_EMAILS = new Set(['test@fb.com', 'test@meta.com']);

/** A lead made with Meta's Lead Ads Testing Tool rather than by a person. */
export function isTestLead(fieldData: readonly LeadFieldData[]): boolean {
  return fieldData.some((field) =>
    field.values.some((value) => TEST_PLACEHOLDER.test(value.trim()) || TEST_EMAILS.has(value.trim().toLowerCase())),
  );
}

/** Graph sends checkbox answers as "1"/"0" (older versions: booleans). */
function consentOf(lead: GraphLead): LeadConsent[] {
  return (lead.custom_disclaimer_responses ?? [])
    .filter((response) => typeof response.checkbox_key === 'string' && response.checkbox_key !== '')
    .map((response) => ({
      checkboxKey: response.checkbox_key as string,
      isChecked: response.is_checked === true || response.is_checked === '1' || response.is_checked === 'true',
    }));
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Everything the contact's lead record keeps about one lead: form, platform, attribution, consent, raw answers. */
export function toLeadDetails(
  form: Pick<FacebookFormConnection, 'formId' | 'formName' | 'pageId'>,
  lead: GraphLead,
  receivedAt: Date,
): LeadDetails {
  const answers = (lead.field_data ?? []).map((field) => ({ name: field.name, values: [...field.values] }));
  const platform = text(lead.platform)?.toLowerCase();
  return {
    formId: form.formId,
    formName: form.formName,
    pageId: form.pageId,
    platform: platform === 'fb' || platform === 'ig' ? platform : null,
    attribution: {
      adId: text(lead.ad_id),
      adName: text(lead.ad_name),
      adsetId: text(lead.adset_id),
      adsetName: text(lead.adset_name),
      campaignId: text(lead.campaign_id),
      campaignName: text(lead.campaign_name),
      isOrganic: typeof lead.is_organic === 'boolean' ? lead.is_organic : null,
      partnerName: text(lead.partner_name),
    },
    consent: consentOf(lead),
    answers,
    isTest: isTestLead(answers),
    receivedAt,
  };
}
