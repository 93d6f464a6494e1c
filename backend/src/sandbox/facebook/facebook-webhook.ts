import type { Lead } from './facebook-data';
import type { SandboxApp } from '../core/request-context';
import { hmacSha256Hex } from '../core/secrets';

const DELIVERY_TIMEOUT_MS = 5_000;

/** Body of Facebook's `leadgen` change notification for one lead. */
function leadgenPayload(lead: Lead): string {
  return JSON.stringify({
    object: 'page',
    entry: [
      {
        id: lead.pageId,
        time: Math.floor(Date.now() / 1000),
        changes: [
          {
            field: 'leadgen',
            value: {
              leadgen_id: lead.id,
              page_id: lead.pageId,
              form_id: lead.formId,
              created_time: Math.floor(lead.createdAt / 1000),
              ad_id: lead.ad?.adId ?? null,
            },
          },
        ],
      },
    ],
  });
}

/**
 * POSTs the signed webhook to the app and returns the HTTP status it answered, or null when no webhook
 * URL is configured or the app could not be reached in time (tests assert on that, not on an exception).
 */
export async function deliverLeadWebhook(app: SandboxApp, lead: Lead): Promise<number | null> {
  const target = app.config.facebook;
  if (!target) return null;
  const body = leadgenPayload(lead);
  try {
    const response = await fetch(target.webhookUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'facebookexternalua',
        'X-Hub-Signature-256': `sha256=${hmacSha256Hex(target.appSecret, body)}`,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([app.shutdown, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return null;
  }
}
