import { isApiError } from '../api/http';
import type { ActivityResponse, ActivityType, FlowStatus, Scope } from '../api/schema';

// What the app says to people: errors, flow results and activity, in one place.

/** Human wording for the role names the server uses. */
export const roleLabels = {
  channels_admin: 'Channels Administrator',
  agent: 'Agent',
} as const;

/** "in 30 seconds", "in 2 minutes": how long to wait after a 429. */
export function waitPhrase(seconds: number | undefined): string {
  if (!seconds) return 'in a little while';
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** What each API key scope lets a service do, in Settings' words. */
export const scopeLabels: Record<Scope, string> = {
  'integrations:read': 'Read integrations and their connection status',
  'integrations:proxy': 'Call connected providers’ APIs through Aurora Inbox, as the connection',
  'integrations:credentials': 'Read connections’ access tokens (for services that call providers themselves)',
  'contacts:read': 'Read contacts, including leads',
  'events:read': 'Read the event log (what changed, and when)',
};

const serverProblem = 'Aurora Inbox had a problem on its side. Please try again in a moment.';

/** Turns any failure into a sentence a person can act on. */
export function describeError(error: unknown): string {
  if (!isApiError(error)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'network_error':
      return 'Aurora Inbox could not be reached. Check your connection and try again.';
    case 'unauthorized':
      return 'Your session has ended. Sign in again to continue.';
    case 'forbidden_role':
      return `You need the ${roleLabels.channels_admin} role to do this. Ask an administrator of your account.`;
    case 'invalid_credentials':
      return "That email and password don't match. Check them and try again.";
    case 'too_many_requests':
      return `Too many attempts. Please try again ${waitPhrase(error.retryAfter)}.`;
    case 'already_connected':
      return 'This integration is already connected.';
    case 'not_connected':
      return 'This integration is not connected any more.';
    case 'not_configured':
      return 'This integration is not configured on the server yet, so it cannot be connected.';
    case 'not_found':
      return 'We could not find that. It may have been removed.';
    case 'validation_failed':
      return error.message || 'Some of the information is not valid.';
    case 'server_error':
      return serverProblem;
    default:
      return error.status >= 500 ? serverProblem : error.message || 'Something went wrong. Please try again.';
  }
}

export const flowMessages: Record<Exclude<FlowStatus, 'pending' | 'connected'>, string> & {
  notCompleted: string;
  closedEarly: string;
} = {
  denied: 'You chose not to give Aurora Inbox access. Choose Connect whenever you want to connect.',
  failed: 'The provider is unavailable or returned an error. Please try again in a moment.',
  expired: 'The authorization took too long and expired. Please try again.',
  notCompleted: 'Authorization was not completed — try again and finish the steps in the popup.',
  closedEarly: 'The window was closed before you finished.',
};

const activityLabels: Record<ActivityType, string> = {
  connect_started: 'Connection started',
  connect_succeeded: 'Connection completed',
  connect_denied: 'Access denied at the provider',
  connect_failed: 'Connection failed',
  disconnected: 'Disconnected',
  revoked: 'Access revoked at the provider',
  revoke_failed: 'Access could not be revoked at the provider (will retry)',
  reauth_required: 'Reconnect needed: the provider rejected the saved access',
  'integration.proxy_used': 'Used by a service through the proxy',
  'integration.credentials_read': 'Access token handed to a service',
  form_blocked: 'Lead form blocked: Facebook refuses its leads (they wait to be imported)',
  form_unblocked: 'Lead form readable again: waiting leads are imported',
  health_changed: 'Connection health changed',
};

/** Types a newer server may add are shown as readable text until the SPA names them. */
export function describeActivity(event: Pick<ActivityResponse, 'type'>): string {
  const known: string | undefined = activityLabels[event.type];
  if (known) return known;
  const words = event.type.replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Activity';
}
