import { Injectable, Logger } from '@nestjs/common';
import { facebookLeadAdsProvider } from '../integrations/catalog/facebook-lead-ads.provider';
import { withAppSecretProof } from '../integrations/catalog/facebook-appsecret-proof';
import { ProviderRegistry } from '../integrations/providers/provider-registry.service';
import { ProviderHttpError, ProviderUnreachableError } from '../integrations/providers/provider-http.client';
import { FacebookLeadAdsError, FacebookLeadAdsException } from './facebook-lead-ads.exception';
import { graphErrorToException } from './graph-errors';
import type { LeadFieldData } from './lead-mapping';

/** The integration key (and the contacts' source), as the catalog's provider definition declares it. */
export const FACEBOOK_KEY = facebookLeadAdsProvider.key;

export interface GraphPage {
  id: string;
  name: string;
  category?: string;
  access_token?: string;
  /** What the user may do on the Page (ADVERTISE, MODERATE, MANAGE, …). */
  tasks?: string[];
}

/** One entry of `/me/permissions`. */
export interface GraphPermission {
  permission: string;
  status: 'granted' | 'declined' | 'expired' | string;
}

export interface GraphQuestion {
  key: string;
  label?: string;
  type?: string;
}

export interface GraphForm {
  id: string;
  name?: string;
  status?: string;
  questions?: GraphQuestion[];
}

export interface GraphLead {
  id: string;
  created_time?: string;
  form_id?: string;
  /** The ad the lead came through; absent for organic and test leads. */
  ad_id?: string;
  ad_name?: string;
  adset_id?: string;
  adset_name?: string;
  campaign_id?: string;
  campaign_name?: string;
  is_organic?: boolean;
  /** `fb` or `ig`: which app the form was filled in. */
  platform?: string;
  /** Answers to the form's consent checkboxes. */
  custom_disclaimer_responses?: { checkbox_key?: string; is_checked?: string | boolean }[];
  /** The CRM partner that submitted the lead, when one did. */
  partner_name?: string;
  field_data?: LeadFieldData[];
}

/** One lead of a batch read: the lead, or why Graph refused that one. */
export type LeadRead =
  { id: string; lead: GraphLead; error?: undefined } | { id: string; lead?: undefined; error: FacebookLeadAdsException };

/** Every lead field Aurora stores: the answers plus attribution, platform and consent. */
export const LEAD_FIELDS = [
  'id',
  'created_time',
  'form_id',
  'ad_id',
  'ad_name',
  'adset_id',
  'adset_name',
  'campaign_id',
  'campaign_name',
  'is_organic',
  'platform',
  'custom_disclaimer_responses',
  'partner_name',
  'field_data',
].join(',');

/** The webhook field this feature subscribes Pages to; other fields of the app's subscription are left alone. */
const LEADGEN = 'leadgen';

interface GraphSubscribedApp {
  id?: string;
  subscribed_fields?: string[];
}

/**
 * Whose token a call uses. A page token (`pageId` set) that Facebook rejects affects that Page only; a
 * rejected user token limits managing pages and forms, never reading leads (DESIGN §8).
 */
export interface GraphCaller {
  accountId: string;
  token: string;
  pageId?: string;
}

interface GraphList<T> {
  data?: T[];
  paging?: { cursors?: { after?: string }; next?: string };
}

/** Upper bound on pages followed for one listing (100 items each), so a loop can never run away. */
const MAX_PAGES = 200;
const PAGE_SIZE = '100';
/** Graph's Batch API takes at most this many requests per call. */
const BATCH_LIMIT = 50;
const GRAPH_ID = /^[0-9]{1,64}$/;
/**
 * The slice of the Graph API this feature uses, through the provider's HTTP client (bounded timeouts;
 * the sandbox's Graph when sandboxed). Graph errors become FacebookLeadAdsExceptions here, so services
 * never see HTTP.
 */
@Injectable()
export class GraphClient {
  private readonly logger = new Logger(GraphClient.name);

  constructor(private readonly providers: ProviderRegistry) {}

  /** Pages the user manages, each with its page access token. */
  async listPages(caller: GraphCaller): Promise<GraphPage[]> {
    return this.list(caller, 'pages_show_list', '/me/accounts', { fields: 'id,name,category,access_token,tasks' });
  }

  /** What the user granted and declined in the consent dialog (needs the user token). */
  async listPermissions(caller: GraphCaller): Promise<GraphPermission[]> {
    return this.list(caller, 'public_profile', '/me/permissions', {});
  }

  async listForms(caller: GraphCaller, pageId: string): Promise<GraphForm[]> {
    return this.list(caller, 'pages_manage_ads', `/${graphId(pageId)}/leadgen_forms`, { fields: 'id,name,status,questions' });
  }

  async getLead(caller: GraphCaller, leadId: string): Promise<GraphLead> {
    const url = this.url(`/${graphId(leadId)}`, { fields: LEAD_FIELDS }, caller.token);
    return this.call(caller, 'leads_retrieval', () => this.http.getJson<GraphLead>(url, caller.token));
  }

  /**
   * Reads many leads through Graph's Batch API, 50 per call, each answered on its own: a refused lead
   * (Leads Access Manager, an unknown id, a rate limit counted per request) does not fail the others.
   * A failure of a whole call (network, a rejected token) throws, as getLead does.
   */
  async getLeads(caller: GraphCaller, leadIds: readonly string[]): Promise<LeadRead[]> {
    const reads: LeadRead[] = leadIds
      .filter((id) => !isGraphId(id))
      .map((id) => ({ id, error: new FacebookLeadAdsException(FacebookLeadAdsError.FacebookObjectNotFound) }));
    const ids = leadIds.filter(isGraphId);
    for (let i = 0; i < ids.length; i += BATCH_LIMIT)
      reads.push(...(await this.readBatch(caller, ids.slice(i, i + BATCH_LIMIT))));
    return reads;
  }

  /** Leads of a form created after `since` (Graph filters by whole seconds; callers dedupe the overlap). */
  async listLeadsSince(caller: GraphCaller, formId: string, since: Date): Promise<GraphLead[]> {
    const filtering = JSON.stringify([
      { field: 'time_created', operator: 'GREATER_THAN', value: Math.floor(since.getTime() / 1000) - 1 },
    ]);
    return this.list(caller, 'leads_retrieval', `/${graphId(formId)}/leads`, {
      fields: LEAD_FIELDS,
      filtering,
    });
  }

  /**
   * Adds `leadgen` to the app's webhook fields of the page (needs the page token). POST replaces the
   * app's field list, so the fields already subscribed are read first and sent along.
   */
  async subscribeLeadgen(caller: GraphCaller, pageId: string): Promise<void> {
    const fields = await this.subscribedFields(caller, pageId);
    if (fields.includes(LEADGEN)) return;
    await this.setSubscribedFields(caller, pageId, [...fields, LEADGEN]);
  }

  /** Removes only `leadgen`; the whole subscription is deleted only when no other field remains. */
  async unsubscribeLeadgen(caller: GraphCaller, pageId: string): Promise<void> {
    const fields = await this.subscribedFields(caller, pageId);
    if (!fields.includes(LEADGEN)) return;
    const remaining = fields.filter((field) => field !== LEADGEN);
    if (remaining.length > 0) return this.setSubscribedFields(caller, pageId, remaining);
    const url = this.url(`/${graphId(pageId)}/subscribed_apps`, {}, caller.token);
    const status = await this.call(caller, 'pages_manage_metadata', () => this.http.request('DELETE', url, caller.token));
    if (status >= 400) throw new FacebookLeadAdsException(FacebookLeadAdsError.ProviderUnavailable);
  }

  /** The fields this app (not other apps of the page) is subscribed to. */
  async subscribedFields(caller: GraphCaller, pageId: string): Promise<string[]> {
    const apps = await this.list<GraphSubscribedApp>(caller, 'pages_manage_metadata', `/${graphId(pageId)}/subscribed_apps`, {});
    const ours = apps.find((app) => app.id === this.provider.context.clientId);
    return ours?.subscribed_fields?.filter((field) => typeof field === 'string') ?? [];
  }

  private async setSubscribedFields(caller: GraphCaller, pageId: string, fields: string[]): Promise<void> {
    const url = this.url(`/${graphId(pageId)}/subscribed_apps`, {}, caller.token);
    await this.call(caller, 'pages_manage_metadata', () =>
      this.http.postForm<unknown>(url, { subscribed_fields: fields.join(','), access_token: caller.token }),
    );
  }

  private async readBatch(caller: GraphCaller, ids: string[]): Promise<LeadRead[]> {
    const batch = ids.map((id) => ({ method: 'GET', relative_url: `${id}?fields=${LEAD_FIELDS}` }));
    const url = this.url('/', { include_headers: 'false' }, caller.token);
    const answers = await this.call(caller, 'leads_retrieval', () =>
      this.http.postForm<unknown>(url, { access_token: caller.token, batch: JSON.stringify(batch) }),
    );
    if (!Array.isArray(answers) || answers.length !== ids.length) {
      this.logger.warn('Graph answered a batch with something other than one answer per request');
      throw new FacebookLeadAdsException(FacebookLeadAdsError.ProviderUnavailable);
    }
    return ids.map((id, index) => this.batchAnswer(caller, id, answers[index]));
  }

  private batchAnswer(caller: GraphCaller, id: string, answer: unknown): LeadRead {
    const { code, body } = (answer ?? {}) as { code?: unknown; body?: unknown };
    let parsed: unknown = null;
    try {
      parsed = typeof body === 'string' ? JSON.parse(body) : null;
    } catch {
      parsed = null;
    }
    if (code === 200 && typeof parsed === 'object' && parsed !== null) return { id, lead: parsed as GraphLead };
    // `null` is a request Graph gave up on (it timed out inside the batch): as retryable as an unreachable Graph.
    if (typeof code !== 'number') return { id, error: new FacebookLeadAdsException(FacebookLeadAdsError.ProviderUnavailable) };
    return { id, error: graphErrorToException(code, parsed, caller, 'leads_retrieval', this.logger) };
  }

  private get provider() {
    return this.providers.get(FACEBOOK_KEY);
  }

  private get http() {
    return this.provider.context.http;
  }

  /** A Graph URL; calls made with `token` carry its appsecret_proof, so "Require App Secret" apps work. */
  private url(path: string, query: Record<string, string>, token: string): string {
    const { apiBaseUrl: base, clientSecret } = this.provider.context;
    if (!base) throw new FacebookLeadAdsException(FacebookLeadAdsError.ProviderUnavailable);
    const url = new URL(`${base}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return withAppSecretProof(url.toString(), token, clientSecret);
  }

  /**
   * Follows `paging.cursors.after` while Graph says there is a `next` page. The next URL is rebuilt from
   * our own base rather than followed, so the token is only ever sent to the configured Graph origin.
   */
  private async list<T>(caller: GraphCaller, permission: string, path: string, query: Record<string, string>): Promise<T[]> {
    const items: T[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = this.url(path, { ...query, limit: PAGE_SIZE, ...(after ? { after } : {}) }, caller.token);
      const body = await this.call(caller, permission, () => this.http.getJson<GraphList<T>>(url, caller.token));
      items.push(...(body.data ?? []));
      after = body.paging?.next ? body.paging.cursors?.after : undefined;
      if (!after) return items;
    }
    this.logger.warn(`Stopped listing ${path} after ${MAX_PAGES} pages`);
    return items;
  }

  private async call<T>(caller: GraphCaller, permission: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw this.translate(error, caller, permission);
    }
  }

  private translate(error: unknown, caller: GraphCaller, permission: string): unknown {
    if (error instanceof ProviderUnreachableError) {
      this.logger.warn(error.message);
      return new FacebookLeadAdsException(FacebookLeadAdsError.ProviderUnavailable);
    }
    if (!(error instanceof ProviderHttpError)) return error;
    return graphErrorToException(error.status, error.body, caller, permission, this.logger);
  }
}

/** Graph object ids (pages, forms, leads) are numeric strings. */
export function isGraphId(id: string): boolean {
  return GRAPH_ID.test(id);
}

/** Anything but a Graph id never reaches a URL path. */
function graphId(id: string): string {
  if (!isGraphId(id)) throw new FacebookLeadAdsException(FacebookLeadAdsError.FacebookObjectNotFound);
  return id;
}
