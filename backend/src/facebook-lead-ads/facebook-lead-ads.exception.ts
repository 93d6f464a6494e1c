import { DomainException, ErrorSpec } from '../common/domain.exception';

export enum FacebookLeadAdsError {
  NotConnected = 'not_connected',
  ReauthRequired = 'reauth_required',
  MissingPermission = 'missing_permission',
  ProviderUnavailable = 'provider_unavailable',
  FacebookObjectNotFound = 'facebook_object_not_found',
  PageNotFound = 'page_not_found',
  FormNotFound = 'form_not_found',
  FormConnectionNotFound = 'form_connection_not_found',
  InvalidMapping = 'invalid_mapping',
  InvalidSignature = 'invalid_signature',
  VerificationFailed = 'verification_failed',
  InvalidWebhook = 'invalid_webhook',
  WebhookNotStored = 'webhook_not_stored',
  GraphRequestRejected = 'graph_request_rejected',
  InvalidSignedRequest = 'invalid_signed_request',
  DataDeletionNotFound = 'data_deletion_not_found',
  RateLimited = 'rate_limited',
  UserTokenExpired = 'user_token_expired',
  PageTokenRejected = 'page_token_rejected',
}

const ERRORS: Record<FacebookLeadAdsError, ErrorSpec> = {
  [FacebookLeadAdsError.NotConnected]: { status: 404, message: 'Facebook Lead Ads is not connected for this account.' },
  [FacebookLeadAdsError.ReauthRequired]: {
    status: 409,
    message: 'Facebook no longer accepts the stored access (it expired or was removed). Reconnect Facebook to continue.',
  },
  [FacebookLeadAdsError.MissingPermission]: {
    status: 403,
    message:
      'Facebook refused the request because a permission is missing. Reconnect Facebook and grant every requested permission.',
  },
  [FacebookLeadAdsError.ProviderUnavailable]: { status: 502, message: 'Facebook is unavailable. Please try again in a moment.' },
  [FacebookLeadAdsError.FacebookObjectNotFound]: {
    status: 404,
    message: 'Facebook says that object does not exist or cannot be read with the granted access.',
  },
  [FacebookLeadAdsError.PageNotFound]: {
    status: 404,
    message: 'The connected Facebook user does not manage a Page with that id.',
  },
  [FacebookLeadAdsError.FormNotFound]: { status: 404, message: 'That Page has no lead form with that id.' },
  [FacebookLeadAdsError.FormConnectionNotFound]: { status: 404, message: 'That lead form is not connected.' },
  [FacebookLeadAdsError.InvalidMapping]: { status: 400, message: 'The mapping is not valid.' },
  [FacebookLeadAdsError.InvalidSignature]: { status: 401, message: 'The request signature is missing or does not match.' },
  [FacebookLeadAdsError.VerificationFailed]: { status: 403, message: 'The webhook verification request was refused.' },
  [FacebookLeadAdsError.InvalidWebhook]: { status: 400, message: 'The webhook payload is not a Facebook change notification.' },
  [FacebookLeadAdsError.GraphRequestRejected]: {
    status: 502,
    message:
      'Facebook refused the request as invalid (Graph error 100). Check the app settings, e.g. the app secret used for appsecret_proof.',
  },
  [FacebookLeadAdsError.InvalidSignedRequest]: { status: 400, message: 'The signed_request is not valid.' },
  [FacebookLeadAdsError.DataDeletionNotFound]: {
    status: 404,
    message: 'No data deletion request has that confirmation code.',
  },
  // 503 so Facebook delivers the notification again; deduplication makes the retry safe.
  [FacebookLeadAdsError.WebhookNotStored]: {
    status: 503,
    message: 'The leads could not be stored right now; deliver the notification again.',
  },
  [FacebookLeadAdsError.RateLimited]: {
    status: 503,
    message: 'Facebook is limiting how often Aurora Inbox may call it. Please try again in a few minutes.',
  },
  [FacebookLeadAdsError.UserTokenExpired]: {
    status: 409,
    message: 'Reconnect to manage forms — leads keep arriving. The Facebook sign-in that lists Pages and forms has expired.',
  },
  [FacebookLeadAdsError.PageTokenRejected]: {
    status: 409,
    message: 'Facebook no longer accepts the access to this Page. Reconnect Facebook with an admin of the Page.',
  },
};

export class FacebookLeadAdsException extends DomainException {
  constructor(code: FacebookLeadAdsError, message?: string) {
    super(
      code,
      ERRORS[code].status,
      message ?? ERRORS[code].message,
      code === FacebookLeadAdsError.WebhookNotStored ? { 'Retry-After': '60' } : {},
    );
  }
}
