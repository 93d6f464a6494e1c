import { createHmac } from 'node:crypto';
import { HttpError, isRecord, readJson, sendJson } from '../core/http-io';
import type { RequestContext } from '../core/request-context';
import { FACEBOOK_USER } from './graph-nodes';

const MAX_AGE_SECONDS = 30 * 86_400;

/**
 * `POST /control/facebook/signed-request {issuedSecondsAgo?}`: the `signed_request` Facebook posts to
 * the deauthorize and data deletion callbacks for the sandbox user, signed with the app secret as
 * Meta does (`<base64url HMAC-SHA256 of the payload>.<base64url JSON payload>`). `issuedSecondsAgo`
 * backdates it, to test that stale ones are refused.
 */
export async function handleSignedRequest(ctx: RequestContext): Promise<void> {
  const target = ctx.app.config.facebook;
  if (!target) throw new HttpError(404, { error: 'not_found', error_description: 'The sandbox has no Facebook app secret.' });
  const body = await readJson(ctx.req);
  const ago = isRecord(body) ? (body.issuedSecondsAgo ?? 0) : 0;
  if (typeof ago !== 'number' || !Number.isInteger(ago) || ago < 0 || ago > MAX_AGE_SECONDS) {
    throw new HttpError(400, {
      error: 'invalid_request',
      error_description: `issuedSecondsAgo must be an integer from 0 to ${MAX_AGE_SECONDS}.`,
    });
  }
  const payload = Buffer.from(
    JSON.stringify({ algorithm: 'HMAC-SHA256', user_id: FACEBOOK_USER.id, issued_at: Math.floor(Date.now() / 1000) - ago }),
  ).toString('base64url');
  const signature = createHmac('sha256', target.appSecret).update(payload).digest('base64url');
  sendJson(ctx.res, 200, { signedRequest: `${signature}.${payload}`, userId: FACEBOOK_USER.id });
}
