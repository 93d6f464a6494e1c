/** A harmless read per provider, for the copyable example and the "Try it" box. */
const EXAMPLE_PATHS: Partial<Record<string, string>> = {
  hubspot: '/crm/v3/objects/contacts?limit=5',
  salesforce: '/services/data/v60.0/sobjects',
  pipedrive: '/v1/persons',
  'zoho-crm': '/crm/v2/Contacts',
  calendly: '/users/me',
  slack: '/conversations.list',
  'google-sheets': '/v4/spreadsheets/SPREADSHEET_ID',
};

export function examplePathFor(key: string): string {
  return EXAMPLE_PATHS[key] ?? '/';
}

/** Facebook Lead Ads is used by the app itself (lead import), not offered to services. */
export function offersServiceAccess(key: string): boolean {
  return key !== 'facebook-lead-ads';
}

export const PROXY_SCOPE = 'integrations:proxy';

/** The request a service sends; the key stays in an environment variable, never in the example. */
export function curlExample(origin: string, key: string, path: string): string {
  const url = `${origin}/api/v1/integrations/${key}/proxy${path.startsWith('/') ? path : `/${path}`}`;
  return `curl -H "Authorization: Bearer $AURORA_API_KEY" "${url}"`;
}

/** Long answers are cut for the page; the full one is what a service gets. */
export function truncated(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}
