import { Injectable, Logger } from '@nestjs/common';
import { facebookLeadAdsProvider } from '../integrations/catalog/facebook-lead-ads.provider';
import { ProviderRegistry } from '../integrations/providers/provider-registry.service';
import { ProviderHttpError, ProviderUnreachableError } from '../integrations/providers/provider-http.client';
import { FacebookLeadAdsError, FacebookLeadAdsException } from './facebook-lead-ads.exception';
import type { LeadFieldData } from './lead-mapping';

/** The integration key (and the contacts' source), as the catalog's provider definition declares it. */
export const FACEBOOK_KEY = facebookLeadAdsProvider.key;

export interface GraphPage {
  id: string;
  name: string;
  category?: string;
  access_token?: string;
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
  field_data?: LeadFieldData[];
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

interface GraphErrorBody {
  error?: { code?: unknown; error_subcode?: unknown; message?: unknown };
}

/** Upper bound on pages followed for one listing (100 items each), so a loop can never run away. */
const MAX_PAGES = 200;
const PAGE_SIZE = '100';
const GRAPH_ID = /^[0-9]{1,64}$/;
const PERMISSION_NAME = /\b(pages_[a-z_]+|leads_retrieval|ads_management|ads_read|business_management)\b/;
/** Graph's permission errors: #10 and the #200–#299 family. */
const isPermissionCode = (code: number) => code === 10 || (code >= 200 && code <= 299);
/** Application, user, page and ad-account throttling, and the business use-case limits (80000–80014). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

export type GraphErrorKind = 'token_rejected' | 'rate_limited' | 'permission' | 'object_missing' | 'other';

/** What a Graph error code means for us; the one place that reads Graph's numbers. */
export function classifyGraphError(code: number, subcode?: number): GraphErrorKind {
  if (code === 190) return 'token_rejected';
  if (RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80014)) return 'rate_limited';
  if (isPermissionCode(code)) return 'permission';
  if (code === 100 && subcode === 33) return 'object_missing';
  return 'other';
}

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
    return this.list(caller, 'pages_show_list', '/me/accounts', { fields: 'id,name,category,access_token' });
  }

  async listForms(caller: GraphCaller, pageId: string): Promise<GraphForm[]> {
    return this.list(caller, 'pages_manage_ads', `/${graphId(pageId)}/leadgen_forms`, { fields: 'id,name,status,questions' });
  }

  async getLead(caller: GraphCaller, leadId: string): Promise<GraphLead> {
    const url = this.url(`/${graphId(leadId)}`, { fields: 'id,created_time,form_id,ad_id,field_data' });
    return this.call(caller, 'leads_retrieval', () => this.http.getJson<GraphLead>(url, caller.token));
  }

  /** Leads of a form created after `since` (Graph filters by whole seconds; callers dedupe the overlap). */
  async listLeadsSince(caller: GraphCaller, formId: string, since: Date): Promise<GraphLead[]> {
    const filtering = JSON.stringify([
      { field: 'time_created', operator: 'GREATER_THAN', value: Math.floor(since.getTime() / 1000) - 1 },
    ]);
    return this.list(caller, 'leads_retrieval', `/${graphId(formId)}/leads`, {
      fields: 'id,created_time,form_id,ad_id,field_data',
      filtering,
    });
  }

  /** Subscribes the app to the page's `leadgen` webhooks (needs the page token). */
  async subscribeLeadgen(caller: GraphCaller, pageId: string): Promise<void> {
    const url = this.url(`/${graphId(pageId)}/subscribed_apps`);
    await this.call(caller, 'pages_manage_metadata', () =>
      this.http.postForm<unknown>(url, { subscribed_fields: 'leadgen', access_token: caller.token }),
    );
  }

  async unsubscribe(caller: GraphCaller, pageId: string): Promise<void> {
    const url = this.url(`/${graphId(pageId)}/subscribed_apps`);
    const status = await this.call(caller, 'pages_manage_metadata', () => this.http.request('DELETE', url, caller.token));
    if (status >= 400) throw new FacebookLeadAdsException(FacebookLeadAdsError.ProviderUnavailable);
  }

  private get provider() {
    return this.providers.get(FACEBOOK_KEY);
  }

  private get http() {
    return this.provider.context.http;
  }

  private url(path: string, query: Record<string, string> = {}): string {
    const base = this.provider.context.apiBaseUrl;
    if (!base) throw new FacebookLeadAdsException(FacebookLeadAdsError.ProviderUnavailable);
    const url = new URL(`${base}${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return url.toString();
  }

  /**
   * Follows `paging.cursors.after` while Graph says there is a `next` page. The next URL is rebuilt from
   * our own base rather than followed, so the token is only ever sent to the configured Graph origin.
   */
  private async list<T>(caller: GraphCaller, permission: string, path: string, query: Record<string, string>): Promise<T[]> {
    const items: T[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = this.url(path, { ...query, limit: PAGE_SIZE, ...(after ? { after } : {}) });
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
      throw await this.translate(error, caller, permission);
    }
  }

  private async translate(error: unknown, caller: GraphCaller, permission: string): Promise<unknown> {
    if (error instanceof ProviderUnreachableError) {
      this.logger.warn(error.message);
      return new FacebookLeadAdsException(FacebookLeadAdsError.ProviderUnavailable);
    }
    if (!(error instanceof ProviderHttpError)) return error;
    const graphError = (error.body as GraphErrorBody | null)?.error;
    const code = Number(graphError?.code);
    const message = typeof graphError?.message === 'string' ? graphError.message : '';
    const kind = classifyGraphError(code, Number(graphError?.error_subcode));
    if (kind === 'token_rejected') return this.tokenRejected(caller, message);
    if (kind === 'rate_limited') return new FacebookLeadAdsException(FacebookLeadAdsError.RateLimited);
    if (kind === 'permission') {
      const missing = PERMISSION_NAME.exec(message)?.[1] ?? permission;
      return new FacebookLeadAdsException(
        FacebookLeadAdsError.MissingPermission,
        `Facebook refused the request: the ${missing} permission is missing. Reconnect Facebook and grant it.`,
      );
    }
    if (kind === 'object_missing') return new FacebookLeadAdsException(FacebookLeadAdsError.FacebookObjectNotFound);
    this.logger.warn(`Graph API error (HTTP ${error.status}, code ${Number.isNaN(code) ? 'none' : code}): ${message}`);
    return new FacebookLeadAdsException(FacebookLeadAdsError.ProviderUnavailable);
  }

  /**
   * Page tokens do not expire with the user token, so a rejected page token concerns that Page alone;
   * a rejected user token only stops page and form management. Neither stops the connection: leads
   * keep arriving through the other tokens.
   */
  private tokenRejected(caller: GraphCaller, message: string): FacebookLeadAdsException {
    this.logger.warn(`Facebook rejected the ${caller.pageId ? `token of page ${caller.pageId}` : 'user token'}: ${message}`);
    return caller.pageId
      ? new FacebookLeadAdsException(FacebookLeadAdsError.PageTokenRejected)
      : new FacebookLeadAdsException(FacebookLeadAdsError.UserTokenExpired);
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
