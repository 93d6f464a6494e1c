import { APP_NAME } from '../oauth/consent-page';
import { FACEBOOK_PROVIDER_KEY, type FacebookData } from './facebook-data';
import { interceptFault } from '../core/faults';
import {
  exchangeToken,
  requirePageToken,
  requireUser,
  requireUserOrPageToken,
  resolveCaller,
  type GraphRequest,
} from './graph-auth';
import {
  GraphError,
  invalidParameter,
  paged,
  selectFields,
  sendGraphError,
  sendGraphUnavailable,
  type GraphNode,
  type NodeShape,
} from './graph-format';
import {
  ACCOUNT_SHAPE,
  FORM_SHAPE,
  LEAD_SHAPE,
  PAGE_SHAPE,
  USER_SHAPE,
  formNode,
  leadNode,
  pageNode,
  userNode,
} from './graph-nodes';
import { readOptionalForm, sendJson } from '../core/http-io';
import { filterLeads } from './lead-filtering';
import { handleBatch } from './graph-batch';
import type { ProviderRequestContext } from '../core/request-context';

type GraphHandler = (g: GraphRequest) => void | Promise<void>;

const GRAPH_VERSION = /^v\d+\.\d+$/;
// A few of the Page webhook fields Graph accepts; POST replaces the app's list, as Graph does.
const SUBSCRIBABLE_FIELDS = ['feed', 'leadgen', 'mention', 'messages', 'messaging_postbacks', 'ratings'];

// Keyed by "<METHOD> <path>", where any object id in the first segment is written ":id".
const ROUTES = new Map<string, GraphHandler>([
  ['GET oauth/access_token', exchangeToken],
  ['GET me', getMe],
  ['GET me/accounts', getAccounts],
  ['GET me/permissions', getPermissions],
  ['DELETE me/permissions', deletePermissions],
  ['GET :id', getObject],
  ['GET :id/leadgen_forms', getForms],
  ['GET :id/leads', getLeads],
  ['GET :id/subscribed_apps', getSubscribedApps],
  ['POST :id/subscribed_apps', subscribeApp],
  ['DELETE :id/subscribed_apps', unsubscribeApp],
]);

/** `/facebook-lead-ads/graph/<version>/…`: the Graph API subset the app uses, with Graph-style errors. */
export async function handleGraph(ctx: ProviderRequestContext, path: readonly string[]): Promise<void> {
  const method = ctx.req.method ?? 'GET';
  try {
    // Graph takes parameters from the query and, for writes, from a form body too.
    const params = new URLSearchParams(ctx.url.searchParams);
    if (method !== 'GET') for (const [name, value] of await readOptionalForm(ctx.req)) params.append(name, value);
    const [version = '', head = ''] = path;
    if (method === 'POST' && head === '' && GRAPH_VERSION.test(version)) return await handleBatch(ctx, params, dispatch);
    await dispatch(ctx, method, path, params);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    sendGraphError(ctx.res, error);
  }
}

/** One Graph call by method and path; a batch's requests come through here too. */
async function dispatch(
  ctx: ProviderRequestContext,
  method: string,
  path: readonly string[],
  params: URLSearchParams,
): Promise<void> {
  const [version = '', head = '', ...edges] = path;
  if (!GRAPH_VERSION.test(version)) throw new GraphError(400, 2500, `Unknown path components: /${path.join('/')}`);
  const pattern = [head === 'me' || head === 'oauth' ? head : ':id', ...edges].join('/');
  const handler = head === '' ? undefined : ROUTES.get(`${method} ${pattern}`);
  if (!handler) throw unsupportedRequest(method, head);
  await handler({ ctx, params, objectId: head });
}

async function getMe(g: GraphRequest): Promise<void> {
  if (await interceptFault(g.ctx, 'me', sendGraphUnavailable)) return;
  const caller = resolveCaller(g);
  const fields = g.params.get('fields');
  const page = caller.kind === 'page' ? g.ctx.app.store.facebook.page(caller.pageId) : undefined;
  const body = page ? selectFields(pageNode(page), fields, PAGE_SHAPE) : selectFields(userNode(), fields, USER_SHAPE);
  sendJson(g.ctx.res, 200, body);
}

function getAccounts(g: GraphRequest): void {
  const { grant } = requireUser(resolveCaller(g), 'accounts');
  const { tokens, facebook } = g.ctx.app.store;
  const fields = g.params.get('fields');
  const body = paged(facebook.pages, g.params, g.ctx.url, (page) =>
    selectFields(pageNode(page, tokens.pageToken(grant, page.id), facebook.tasksOf(page.id)), fields, ACCOUNT_SHAPE),
  );
  sendJson(g.ctx.res, 200, body);
}

/** What the user granted in the consent dialog; permissions switched off by the control API read `declined`. */
function getPermissions(g: GraphRequest): void {
  const { grant } = requireUser(resolveCaller(g), 'permissions');
  const declined = g.ctx.app.store.facebook.settings.declinedPermissions;
  const asked = [...new Set(['public_profile', ...grant.scope, ...declined])];
  const data = asked.map((permission) => ({ permission, status: declined.includes(permission) ? 'declined' : 'granted' }));
  sendJson(g.ctx.res, 200, { data });
}

/** Deauthorizes the app: every token of the sandbox Facebook user stops working. */
async function deletePermissions(g: GraphRequest): Promise<void> {
  if (await interceptFault(g.ctx, 'revoke', sendGraphUnavailable)) return;
  const { grant } = requireUser(resolveCaller(g), 'permissions');
  const revoked = g.ctx.app.store.tokens.revokeProvider(FACEBOOK_PROVIDER_KEY);
  g.ctx.app.store.log.add({
    providerKey: g.ctx.providerKey,
    type: 'revocation',
    clientId: grant.clientId,
    detail: `DELETE /me/permissions: ${revoked.length} grant(s) revoked`,
  });
  sendJson(g.ctx.res, 200, { success: true });
}

function getObject(g: GraphRequest): void {
  const caller = resolveCaller(g);
  const object = findObject(g.ctx.app.store.facebook, g.objectId);
  if (!object) throw unsupportedRequest('GET', g.objectId);
  requireUserOrPageToken(caller, object.pageId);
  if (object.formId) g.ctx.app.store.facebook.refusals.checkLeadRead(object.pageId, object.formId, g.objectId);
  sendJson(g.ctx.res, 200, selectFields(object.node, g.params.get('fields'), object.shape));
}

function findObject(
  facebook: FacebookData,
  id: string,
): { pageId: string; formId?: string; node: GraphNode; shape: NodeShape } | undefined {
  const page = facebook.page(id);
  if (page) return { pageId: page.id, node: pageNode(page), shape: PAGE_SHAPE };
  const form = facebook.form(id);
  if (form) return { pageId: form.pageId, node: formNode(form), shape: FORM_SHAPE };
  const lead = facebook.lead(id);
  if (lead) return { pageId: lead.pageId, formId: lead.formId, node: leadNode(lead), shape: LEAD_SHAPE };
  return undefined;
}

function getForms(g: GraphRequest): void {
  const caller = resolveCaller(g);
  const page = existingPage(g, 'GET');
  requirePageToken(caller, page.id);
  const fields = g.params.get('fields');
  const forms = g.ctx.app.store.facebook.formsOf(page.id);
  sendJson(
    g.ctx.res,
    200,
    paged(forms, g.params, g.ctx.url, (form) => selectFields(formNode(form), fields, FORM_SHAPE)),
  );
}

/** The `api` fault of facebook-lead-ads stands for Graph being down for lead listings (the backfill's call). */
async function getLeads(g: GraphRequest): Promise<void> {
  if (await interceptFault(g.ctx, 'api', sendGraphUnavailable)) return;
  const caller = resolveCaller(g);
  const form = g.ctx.app.store.facebook.form(g.objectId);
  if (!form) throw unsupportedRequest('GET', g.objectId);
  requireUserOrPageToken(caller, form.pageId);
  g.ctx.app.store.facebook.refusals.checkLeadRead(form.pageId, form.id, form.id);
  const fields = g.params.get('fields');
  const leads = filterLeads(g.ctx.app.store.facebook.leadsOf(form.id), g.params.get('filtering'));
  sendJson(
    g.ctx.res,
    200,
    paged(leads, g.params, g.ctx.url, (lead) => selectFields(leadNode(lead), fields, LEAD_SHAPE)),
  );
}

function getSubscribedApps(g: GraphRequest): void {
  const caller = resolveCaller(g);
  const page = existingPage(g, 'GET');
  requirePageToken(caller, page.id);
  const subscription = g.ctx.app.store.facebook.subscription(page.id);
  const data = subscription ? [{ id: subscription.appId, name: APP_NAME, subscribed_fields: [...subscription.fields] }] : [];
  sendJson(g.ctx.res, 200, { data });
}

function subscribeApp(g: GraphRequest): void {
  const caller = resolveCaller(g);
  const page = existingPage(g, 'POST');
  requirePageToken(caller, page.id);
  const fields = (g.params.get('subscribed_fields') ?? '').split(',').filter(Boolean);
  if (fields.length === 0) throw invalidParameter('The parameter subscribed_fields is required.');
  const unsupported = fields.find((field) => !SUBSCRIBABLE_FIELDS.includes(field));
  if (unsupported !== undefined) {
    throw invalidParameter(`Param subscribed_fields must be one of {${SUBSCRIBABLE_FIELDS.join(', ')}} - got "${unsupported}".`);
  }
  g.ctx.app.store.facebook.subscribe(page.id, { appId: caller.grant.clientId, fields });
  sendJson(g.ctx.res, 200, { success: true });
}

function unsubscribeApp(g: GraphRequest): void {
  const caller = resolveCaller(g);
  const page = existingPage(g, 'DELETE');
  requirePageToken(caller, page.id);
  g.ctx.app.store.facebook.unsubscribe(page.id);
  sendJson(g.ctx.res, 200, { success: true });
}

function existingPage(g: GraphRequest, method: string): { id: string } {
  const page = g.ctx.app.store.facebook.page(g.objectId);
  if (!page) throw unsupportedRequest(method, g.objectId);
  return page;
}

/** Graph's answer for unknown objects and edges alike (code 100, subcode 33). */
function unsupportedRequest(method: string, objectId: string): GraphError {
  return new GraphError(
    400,
    100,
    `Unsupported ${method.toLowerCase()} request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    33,
  );
}
