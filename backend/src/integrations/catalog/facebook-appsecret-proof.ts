import { createHmac } from 'node:crypto';

/**
 * Graph's `appsecret_proof`: hex HMAC-SHA256 of the access token keyed by the app secret. With the app's
 * "Require App Secret" setting on, Graph refuses every call that lacks it, so a stolen token alone is
 * useless outside our servers. https://developers.facebook.com/docs/graph-api/securing-requests
 */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

/** `url` with the proof for `accessToken` added as a query parameter (Graph reads it from the query or the form). */
export function withAppSecretProof(url: string, accessToken: string, appSecret: string): string {
  const signed = new URL(url);
  signed.searchParams.set('appsecret_proof', appSecretProof(accessToken, appSecret));
  return signed.toString();
}
