import type {
  ActivityResponse,
  ConnectionHealthResponse,
  ContactResponse,
  IntegrationDetailResponse,
  IntegrationStatus,
  IntegrationSummaryResponse,
  SessionUserResponse,
} from '../api/schema';

export const adminUser: SessionUserResponse = {
  id: 'u-admin',
  email: 'admin@aurora.test',
  name: 'Ada Admin',
  accountId: 'acc-1',
  accountName: 'Aurora Demo',
  roles: ['channels_admin', 'agent'],
};

export const agentUser: SessionUserResponse = {
  id: 'u-agent',
  email: 'agent@aurora.test',
  name: 'Alex Agent',
  accountId: 'acc-1',
  accountName: 'Aurora Demo',
  roles: ['agent'],
};

/** What the server reports for a connection in that status, just after connecting. */
export function healthFor(status: IntegrationStatus): ConnectionHealthResponse | null {
  if (status === 'disconnected') return null;
  return {
    state: status === 'reauth_required' ? 'reauth_required' : 'healthy',
    checkedAt: '2025-01-15T10:30:00.000Z',
    autoRefresh: true,
  };
}

export function integration(overrides: Partial<IntegrationSummaryResponse> & { key: string }): IntegrationSummaryResponse {
  return {
    name: overrides.key,
    category: 'CRM',
    description: `Sync contacts with ${overrides.key}.`,
    icon: `/api/v1/integrations/${overrides.key}/icon.svg`,
    status: 'disconnected',
    configured: true,
    health: healthFor(overrides.status ?? 'disconnected'),
    ...overrides,
  };
}

export const catalogFixture: IntegrationSummaryResponse[] = [
  integration({ key: 'hubspot', name: 'HubSpot', category: 'CRM', status: 'connected' }),
  integration({ key: 'salesforce', name: 'Salesforce', category: 'CRM', status: 'reauth_required' }),
  integration({ key: 'slack', name: 'Slack', category: 'Messaging' }),
  integration({ key: 'google-sheets', name: 'Google Sheets', category: 'Spreadsheets' }),
  integration({ key: 'calendly', name: 'Calendly', category: 'Scheduling', configured: false }),
];

export function detail(
  key: string,
  status: IntegrationStatus = 'disconnected',
  overrides: Partial<IntegrationDetailResponse> = {},
): IntegrationDetailResponse {
  const summary = catalogFixture.find((entry) => entry.key === key) ?? integration({ key });
  return {
    ...summary,
    status,
    permissions: [
      { scope: 'oauth', description: 'Confirm which HubSpot account was connected' },
      { scope: 'crm.objects.contacts.read', description: 'Read contacts in your HubSpot CRM' },
    ],
    health: healthFor(status),
    connection:
      status === 'disconnected'
        ? null
        : {
            id: 'conn-1',
            externalAccount: { id: 'portal-42', name: 'Aurora Portal' },
            scopes: ['crm.objects.contacts.read', 'oauth'],
            connectedAt: '2025-01-15T10:30:00.000Z',
            connectedBy: { id: adminUser.id, name: adminUser.name },
            usage: { lastUsedAt: null, callsToday: 0, lastError: null },
          },
    // What the server sends for a provider without credentials (its settings follow the key here).
    setup: summary.configured
      ? null
      : {
          clientIdEnv: `${key.toUpperCase()}_CLIENT_ID`,
          clientSecretEnv: `${key.toUpperCase()}_CLIENT_SECRET`,
          redirectUri: `http://localhost/api/v1/integrations/${key}/callback`,
        },
    ...overrides,
  };
}

export const activityFixture: ActivityResponse[] = [
  {
    id: 'ev-2',
    type: 'connect_succeeded',
    at: '2025-01-15T10:30:00.000Z',
    actor: { id: adminUser.id, name: adminUser.name },
  },
  { id: 'ev-1', type: 'revoke_failed', at: '2025-01-14T09:00:00.000Z', actor: null, detail: 'Provider timed out' },
];

export function contact(id: string, overrides: Partial<ContactResponse> = {}): ContactResponse {
  return {
    id,
    source: 'facebook-lead-ads',
    sourceLabel: 'Facebook Lead Ads · Coffee subscription enquiry',
    externalId: `lead-${id}`,
    name: `Person ${id}`,
    firstName: 'Person',
    lastName: id,
    email: `person${id}@example.com`,
    phone: '+1 555 0100',
    attributes: {},
    leadCount: 1,
    isTest: false,
    lastLeadAt: '2025-02-01T12:00:00.000Z',
    createdAt: '2025-02-01T12:00:00.000Z',
    ...overrides,
  };
}
