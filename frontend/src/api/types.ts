// Shapes of the REST API under /api/v1 (see DESIGN.md §4).

export type Role = 'channels_admin' | 'agent';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  accountId: string;
  accountName: string;
  roles: Role[];
}

export interface LoginRequest {
  email: string;
  password: string;
}

export type IntegrationStatus = 'connected' | 'disconnected' | 'reauth_required';

export interface IntegrationSummary {
  key: string;
  name: string;
  category: string;
  description: string;
  /** URL path of the integration's logo, usable as an <img src>. */
  icon: string;
  status: IntegrationStatus;
  /** false when the server has no client id/secret for this provider. */
  configured: boolean;
}

export interface Person {
  id: string;
  name: string;
}

export interface IntegrationConnection {
  id: string;
  externalAccount: { id: string; name: string };
  scopes: string[];
  connectedAt: string;
  connectedBy: Person;
}

export interface IntegrationDetail extends IntegrationSummary {
  connection: IntegrationConnection | null;
}

export interface ConnectStart {
  flowId: string;
  authorizeUrl: string;
  expiresAt: string;
}

export type FlowStatus = 'pending' | 'connected' | 'denied' | 'failed' | 'expired';

export interface ConnectFlow {
  flowId: string;
  integration: string;
  status: FlowStatus;
  error?: string;
}

export type ActivityType =
  | 'connect_started'
  | 'connect_succeeded'
  | 'connect_denied'
  | 'connect_failed'
  | 'disconnected'
  | 'revoke_failed'
  | 'reauth_required';

export interface ActivityEvent {
  id: string;
  /** One of ActivityType; unknown types from newer servers are shown as readable text. */
  type: ActivityType | (string & {});
  at: string;
  actor: Person | null;
  detail?: string;
}

export interface Contact {
  id: string;
  source: string;
  externalId: string;
  /** Null when the lead form did not ask for it. */
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  attributes: Record<string, string>;
  createdAt: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface ContactsQuery {
  source?: string;
  cursor?: string;
  limit?: number;
}

/** JSON error body of every failed request. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}
