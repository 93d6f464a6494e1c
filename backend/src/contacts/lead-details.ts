/** Which ad, ad set and campaign brought a lead (Meta's `ad_*`, `adset_*`, `campaign_*` fields). */
export interface LeadAttribution {
  adId?: string | null;
  adName?: string | null;
  adsetId?: string | null;
  adsetName?: string | null;
  campaignId?: string | null;
  campaignName?: string | null;
  isOrganic?: boolean | null;
  partnerName?: string | null;
}

/** One custom disclaimer checkbox of the form and the person's answer. */
export interface LeadConsent {
  checkboxKey: string;
  isChecked: boolean;
}

/** One raw answer as the source delivered it (Meta's `field_data` entry). */
export interface LeadAnswer {
  name: string;
  values: string[];
}

/** What a source knows about one lead beyond the contact fields; all of it is kept on the lead record. */
export interface LeadDetails {
  formId: string;
  formName?: string | null;
  pageId?: string | null;
  /** `fb` or `ig`. */
  platform?: string | null;
  attribution?: LeadAttribution;
  consent?: LeadConsent[];
  answers?: LeadAnswer[];
  isTest?: boolean;
  /** When the person submitted it; defaults to now. */
  receivedAt?: Date;
}
