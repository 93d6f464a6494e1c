import type { Logger } from '@nestjs/common';
import { FacebookLeadAdsError, FacebookLeadAdsException } from './facebook-lead-ads.exception';
import type { GraphCaller } from './graph.client';

interface GraphErrorBody {
  error?: { code?: unknown; error_subcode?: unknown; message?: unknown };
}

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
 * A Graph error answer (a whole call's, or one request's of a batch) as the feature's exception, so
 * services never see HTTP or Graph's numbers.
 */
export function graphErrorToException(
  status: number,
  body: unknown,
  caller: GraphCaller,
  permission: string,
  logger: Logger,
): FacebookLeadAdsException {
  const graphError = (body as GraphErrorBody | null)?.error;
  const code = Number(graphError?.code);
  const message = typeof graphError?.message === 'string' ? graphError.message : '';
  const kind = classifyGraphError(code, Number(graphError?.error_subcode));
  if (kind === 'token_rejected') return tokenRejected(caller, message, logger);
  if (kind === 'rate_limited') return new FacebookLeadAdsException(FacebookLeadAdsError.RateLimited);
  if (kind === 'permission') {
    const missing = PERMISSION_NAME.exec(message)?.[1] ?? permission;
    return new FacebookLeadAdsException(
      FacebookLeadAdsError.MissingPermission,
      `Facebook refused the request: the ${missing} permission is missing. Reconnect Facebook and grant it.`,
    );
  }
  if (kind === 'object_missing') return new FacebookLeadAdsException(FacebookLeadAdsError.FacebookObjectNotFound);
  // 100 without a subcode is a request Graph will never accept as sent (a bad parameter, a missing
  // appsecret_proof): retrying, or asking Facebook to redeliver, cannot fix it.
  if (code === 100) {
    logger.warn(`Graph API refused the request (code 100): ${message}`);
    return new FacebookLeadAdsException(FacebookLeadAdsError.GraphRequestRejected);
  }
  logger.warn(`Graph API error (HTTP ${status}, code ${Number.isNaN(code) ? 'none' : code}): ${message}`);
  return new FacebookLeadAdsException(FacebookLeadAdsError.ProviderUnavailable);
}

/**
 * Page tokens do not expire with the user token, so a rejected page token concerns that Page alone;
 * a rejected user token only stops page and form management. Neither stops the connection: leads
 * keep arriving through the other tokens.
 */
function tokenRejected(caller: GraphCaller, message: string, logger: Logger): FacebookLeadAdsException {
  logger.warn(`Facebook rejected the ${caller.pageId ? `token of page ${caller.pageId}` : 'user token'}: ${message}`);
  return caller.pageId
    ? new FacebookLeadAdsException(FacebookLeadAdsError.PageTokenRejected)
    : new FacebookLeadAdsException(FacebookLeadAdsError.UserTokenExpired);
}
