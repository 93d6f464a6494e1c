import type { FlowStatus } from '../api/schema';

/** Channel the /oauth/complete page reports on (DESIGN §5). */
export const OAUTH_CHANNEL = 'aurora-oauth';
/** Channel tabs use to tell each other an integration changed. */
export const INTEGRATIONS_CHANNEL = 'aurora-integrations';

export const OAUTH_MESSAGE_TYPE = 'aurora:oauth';

export interface OAuthMessage {
  type: typeof OAUTH_MESSAGE_TYPE;
  flowId: string;
  status: FlowStatus | string;
}

export interface IntegrationChangedMessage {
  type: 'integration-changed';
  key: string;
  /** Id of the tab that sent it, so a tab can ignore its own announcements. */
  sender?: string;
}

/** Random id of this tab (not a secret; only used to recognise our own broadcasts). */
export const tabId = Math.random().toString(36).slice(2);

export function isOAuthMessage(data: unknown): data is OAuthMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<OAuthMessage>;
  return message.type === OAUTH_MESSAGE_TYPE && typeof message.flowId === 'string';
}

export function isIntegrationChangedMessage(data: unknown): data is IntegrationChangedMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<IntegrationChangedMessage>;
  return message.type === 'integration-changed' && typeof message.key === 'string';
}

/** BroadcastChannel is missing in some embedded browsers; everything here then degrades to polling. */
export function openChannel(name: string): BroadcastChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(name);
}

export function broadcast(name: string, message: OAuthMessage | IntegrationChangedMessage): void {
  const channel = openChannel(name);
  if (!channel) return;
  try {
    channel.postMessage(message);
  } finally {
    channel.close();
  }
}
