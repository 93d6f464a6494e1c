/** Who may call each route of the app: the table the authorization matrix spec checks every route against. */
import { INestApplication } from '@nestjs/common';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { Scope } from '../../src/auth/scope.enum';
import { ContactsService } from '../../src/contacts/contacts.service';
import { ConnectionsService } from '../../src/integrations/connections/connections.service';
import { OAuthDriver } from './oauth-driver';
import { SignedInDriver } from './signed-in';

export type Caller = 'anonymous' | 'agent' | 'admin' | 'keyWithoutScope' | 'keyWithScope' | 'otherAdmin';
export const CALLERS: Caller[] = ['anonymous', 'agent', 'admin', 'keyWithoutScope', 'keyWithScope', 'otherAdmin'];

interface Ctx {
  app: INestApplication;
  admin: SignedInDriver;
  callerDriver: OAuthDriver | null;
}

interface Rule {
  /** Expected status per caller. */
  expect: Record<Caller, number>;
  /** Fills path parameters (and sets up what the call needs) for one caller's request. */
  params?: (ctx: Ctx, caller: Caller) => Promise<Record<string, string>>;
  body?: unknown;
  /** The scope a key "with scope" holds for this route. */
  scope?: Scope;
  /** The call ends the session it uses; give each caller a fresh one. */
  freshSession?: boolean;
}

const publicEverywhere = (status: number): Record<Caller, number> => ({
  anonymous: status,
  agent: status,
  admin: status,
  keyWithoutScope: status,
  keyWithScope: status,
  otherAdmin: status,
});
const adminOnly = (ok: number, otherAdmin = ok): Record<Caller, number> => ({
  anonymous: 401,
  agent: 403,
  admin: ok,
  keyWithoutScope: 403,
  keyWithScope: 403,
  otherAdmin,
});
const adminOrKey = (ok: number): Record<Caller, number> => ({
  anonymous: 401,
  agent: 403,
  admin: ok,
  keyWithoutScope: 403,
  keyWithScope: ok,
  otherAdmin: ok,
});

/** An endpoint of the admin's account (and a queued test delivery), so "another account's id" can be tried on it. */
const adminEndpoint = async ({ admin }: Ctx) => {
  const headers = { Cookie: admin.jar.header(), Origin: admin.appUrl, 'Content-Type': 'application/json' };
  const created = await fetch(`${admin.appUrl}/api/v1/webhook-endpoints`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ url: 'http://127.0.0.1:9/matrix', eventTypes: ['lead.received'] }),
  });
  const id = ((await created.json()) as { endpoint: { id: string } }).endpoint.id;
  const test = await fetch(`${admin.appUrl}/api/v1/webhook-endpoints/${id}/test`, { method: 'POST', headers });
  return { id, deliveryId: ((await test.json()) as { deliveryId: string }).deliveryId };
};

/** A flow the account's admin started, so "another account's id" can be tried on it. */
const adminFlow = async ({ admin }: Ctx) => ({ key: 'hubspot', flowId: (await admin.startConnect('hubspot')).flowId });

/**
 * Every route of the app must have a row here (DESIGN §3–4). A new route without one fails the test,
 * so nobody adds an endpoint without deciding who may call it.
 */
export const RULES: Record<string, Rule> = {
  'GET /api/v1/health': { expect: publicEverywhere(200) },
  'POST /api/v1/auth/login': { expect: publicEverywhere(400), body: {} },
  'POST /api/v1/auth/logout': {
    expect: { anonymous: 401, agent: 204, admin: 204, keyWithoutScope: 403, keyWithScope: 403, otherAdmin: 204 },
    freshSession: true,
  },
  'GET /api/v1/auth/session': { expect: publicEverywhere(200) },
  'GET /api/v1/auth/me': {
    expect: { anonymous: 401, agent: 200, admin: 200, keyWithoutScope: 403, keyWithScope: 403, otherAdmin: 200 },
  },
  'GET /api/v1/integrations': { expect: adminOrKey(200), scope: Scope.IntegrationsRead },
  'GET /api/v1/integrations/:key': {
    expect: adminOrKey(200),
    scope: Scope.IntegrationsRead,
    params: async () => ({ key: 'hubspot' }),
  },
  'GET /api/v1/integrations/:key/icon.svg': { expect: publicEverywhere(200), params: async () => ({ key: 'hubspot' }) },
  'GET /api/v1/integrations/:key/activity': { expect: adminOnly(200), params: async () => ({ key: 'hubspot' }) },
  'POST /api/v1/integrations/:key/connect': { expect: adminOnly(201), params: async () => ({ key: 'slack' }) },
  'POST /api/v1/integrations/:key/connection/test': {
    // The stored token is unknown to the sandbox: the check answers 200 with its finding; the other account has no connection.
    expect: adminOnly(200, 404),
    params: async ({ app, admin }) => {
      await app.get(ConnectionsService).saveGrant({
        accountId: admin.user.accountId,
        integrationKey: 'zoho-crm',
        connectedBy: { id: admin.user.id, name: admin.user.name },
        external: { id: 'ext-1', name: 'External' },
        tokens: { accessToken: 'sbx_at_matrix', raw: {} },
        requestedScopes: [],
      });
      return { key: 'zoho-crm' };
    },
  },
  'DELETE /api/v1/integrations/:key/connection': {
    // The admin's account is connected; the other account is not, and cannot touch the first one's.
    expect: adminOnly(204, 404),
    params: async ({ app, admin }) => {
      await app.get(ConnectionsService).saveGrant({
        accountId: admin.user.accountId,
        integrationKey: 'calendly',
        connectedBy: { id: admin.user.id, name: admin.user.name },
        external: { id: 'ext-1', name: 'External' },
        tokens: { accessToken: 'sbx_at_matrix', raw: {} },
        requestedScopes: [],
      });
      return { key: 'calendly' };
    },
  },
  'GET /api/v1/integrations/:key/authorize': {
    // The starting admin is sent on to the provider; another account's flow id is not found.
    expect: adminOnly(302, 404),
    params: async (ctx) => ({ ...(await adminFlow(ctx)), query: '?flow=' }),
  },
  'GET /api/v1/integrations/:key/callback': { expect: publicEverywhere(400), params: async () => ({ key: 'hubspot' }) },
  // Slack is not connected in these accounts: whoever may use the proxy gets as far as `not_connected`.
  ...Object.fromEntries(
    ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => [
      `${method} /api/v1/integrations/:key/proxy/*path`,
      { expect: adminOrKey(404), scope: Scope.IntegrationsProxy, params: async () => ({ key: 'slack' }) },
    ]),
  ),
  // A token is handed to services only: every session, an administrator's too, is refused.
  'GET /api/v1/integrations/:key/connection/credentials': {
    expect: { anonymous: 401, agent: 403, admin: 403, keyWithoutScope: 403, keyWithScope: 404, otherAdmin: 403 },
    scope: Scope.IntegrationsCredentials,
    params: async () => ({ key: 'slack' }),
  },
  'GET /api/v1/integrations/flows/:flowId': { expect: adminOnly(200, 404), params: adminFlow },
  'DELETE /api/v1/integrations/flows/:flowId': { expect: adminOnly(204, 404), params: adminFlow },
  'GET /api/v1/contacts': {
    expect: { anonymous: 401, agent: 200, admin: 200, keyWithoutScope: 403, keyWithScope: 200, otherAdmin: 200 },
    scope: Scope.ContactsRead,
  },
  'GET /api/v1/contacts/:id': {
    // A contact of the admin's account: the other account's admin is told it does not exist.
    expect: { anonymous: 401, agent: 200, admin: 200, keyWithoutScope: 403, keyWithScope: 200, otherAdmin: 404 },
    scope: Scope.ContactsRead,
    params: async ({ app, admin }) => {
      const { contact } = await app.get(ContactsService).upsertFromSource({
        accountId: admin.user.accountId,
        source: 'facebook-lead-ads',
        externalId: `matrix-${Date.now()}-${Math.random()}`,
        name: 'Matrix Person',
      });
      return { id: contact.id };
    },
  },
  'GET /api/v1/events': { expect: adminOrKey(200), scope: Scope.EventsRead },
  // Sessions only: each admin gets a stream of their own account (the open stream ends with the app).
  'GET /api/v1/events/stream': { expect: adminOnly(200), scope: Scope.EventsRead },
  'GET /api/v1/api-keys': { expect: adminOnly(200) },
  'POST /api/v1/api-keys': { expect: adminOnly(201), body: { name: 'Matrix key', scopes: ['contacts:read'] } },
  'DELETE /api/v1/api-keys/:id': {
    expect: adminOnly(204, 404),
    params: async ({ app, admin }) => {
      const { apiKey } = await app.get(ApiKeysService).create(admin.user.accountId, [Scope.ContactsRead], 'To revoke');
      return { id: apiKey.id };
    },
  },
  // Facebook is not connected in these accounts: admins get as far as `not_connected`.
  'GET /api/v1/integrations/facebook-lead-ads/pages': { expect: adminOnly(404) },
  'GET /api/v1/integrations/facebook-lead-ads/pages/:pageId/forms': {
    expect: adminOnly(404),
    params: async () => ({ pageId: '1000001' }),
  },
  'GET /api/v1/integrations/facebook-lead-ads/access': { expect: adminOnly(404) },
  'GET /api/v1/integrations/facebook-lead-ads/form-connections': { expect: adminOnly(404) },
  'GET /api/v1/integrations/facebook-lead-ads/permissions': { expect: adminOnly(404) },
  'PUT /api/v1/integrations/facebook-lead-ads/form-connections/:formId': {
    expect: adminOnly(404),
    params: async () => ({ formId: '2000001' }),
    body: { pageId: '1000001', mapping: { full_name: 'name' } },
  },
  'DELETE /api/v1/integrations/facebook-lead-ads/form-connections/:formId': {
    expect: adminOnly(404),
    params: async () => ({ formId: '2000001' }),
  },
  // Lead destinations: sessions of Channels Administrators only; Slack is not connected in these accounts.
  'GET /api/v1/integrations/:key/destination': { expect: adminOnly(200), params: async () => ({ key: 'slack' }) },
  'PUT /api/v1/integrations/:key/destination': {
    expect: adminOnly(200),
    params: async () => ({ key: 'slack' }),
    body: { channelId: 'C0LEADS0001' },
  },
  'GET /api/v1/integrations/:key/destination/deliveries': { expect: adminOnly(200), params: async () => ({ key: 'slack' }) },
  'POST /api/v1/integrations/:key/destination/test': {
    expect: adminOnly(404),
    params: async () => ({ key: 'slack' }),
    body: { channelId: 'C0LEADS0001' },
  },
  'GET /api/v1/integrations/:key/destination/lookups/:name': {
    expect: adminOnly(404),
    params: async () => ({ key: 'slack', name: 'channels' }),
  },
  // Sessions only: a key never manages where the account's events go.
  'GET /api/v1/webhook-endpoints': { expect: adminOnly(200) },
  'POST /api/v1/webhook-endpoints': { expect: adminOnly(201), body: { url: 'http://127.0.0.1:9/matrix', eventTypes: [] } },
  'PATCH /api/v1/webhook-endpoints/:id': { expect: adminOnly(200, 404), params: adminEndpoint, body: { enabled: true } },
  'DELETE /api/v1/webhook-endpoints/:id': { expect: adminOnly(204, 404), params: adminEndpoint },
  'POST /api/v1/webhook-endpoints/:id/test': { expect: adminOnly(202, 404), params: adminEndpoint },
  'POST /api/v1/webhook-endpoints/:id/rotate-secret': { expect: adminOnly(200, 404), params: adminEndpoint },
  'GET /api/v1/webhook-endpoints/:id/deliveries': { expect: adminOnly(200, 404), params: adminEndpoint },
  'POST /api/v1/webhook-endpoints/:id/deliveries/:deliveryId/redeliver': {
    expect: adminOnly(202, 404),
    params: adminEndpoint,
  },
  // Facebook's webhooks authenticate by the verify token and the app secret's signatures, not by a session.
  'GET /api/v1/webhooks/facebook': { expect: publicEverywhere(403) },
  'POST /api/v1/webhooks/facebook': { expect: publicEverywhere(401), body: { object: 'page', entry: [] } },
  'POST /api/v1/webhooks/facebook/deauthorize': { expect: publicEverywhere(401), body: { signed_request: 'bad.signature' } },
  'POST /api/v1/webhooks/facebook/data-deletion': {
    expect: publicEverywhere(400),
    body: { signed_request: 'bad.signature' },
  },
  'GET /api/v1/webhooks/facebook/data-deletion/:code': { expect: publicEverywhere(404) },
};
