/** People's names for the sources contacts come from; an unknown source shows its key. */
const SOURCE_NAMES: Record<string, string> = {
  'facebook-lead-ads': 'Facebook Lead Ads',
};

const PLATFORM_NAMES: Record<string, string> = { ig: 'Instagram' };

/**
 * "Facebook Lead Ads · Coffee subscription enquiry", or "Facebook Lead Ads · Instagram" when the lead
 * came through Instagram (the form name then says less than where the person saw the ad).
 */
export function sourceLabel(source: string, lead?: { formName: string | null; platform: string | null }): string {
  const name = SOURCE_NAMES[source] ?? source;
  const detail = (lead?.platform && PLATFORM_NAMES[lead.platform]) || lead?.formName;
  return detail ? `${name} · ${detail}` : name;
}
