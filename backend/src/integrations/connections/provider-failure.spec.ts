import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderHttpError, ProviderUnreachableError } from '../providers/provider-http.client';
import { describeProviderFailure, isDeadGrant, isRejectedAccessToken } from './provider-failure';

const TOKEN_URL = 'https://api.hubapi.com/oauth/v1/access-tokens/CJ-secret-access-token';

describe('provider failures', () => {
  it('words a failure from its status and error code, never from the URL (which may hold the token)', () => {
    const reason = describeProviderFailure(new ProviderHttpError(401, { error: 'invalid_token' }, TOKEN_URL));
    assert.equal(reason, 'The provider answered HTTP 401 (invalid_token).');
    assert.doesNotMatch(reason, /secret/);
    assert.equal(
      describeProviderFailure(new ProviderUnreachableError(TOKEN_URL, Object.assign(new Error('x'), { name: 'TimeoutError' }))),
      'The provider did not answer in time.',
    );
  });

  it('tells a dead grant (invalid_grant, Slack token_revoked) from a transient failure', () => {
    assert.equal(isDeadGrant(new ProviderHttpError(400, { error: 'invalid_grant' }, TOKEN_URL)), true);
    assert.equal(isDeadGrant(new ProviderHttpError(200, { ok: false, error: 'token_revoked' }, TOKEN_URL)), true);
    assert.equal(isDeadGrant(new ProviderHttpError(503, { error: 'temporarily_unavailable' }, TOKEN_URL)), false);
    assert.equal(isDeadGrant(new Error('boom')), false);
  });

  it('recognises a refused access token: 401, or Graph code 190 whatever the status', () => {
    assert.equal(isRejectedAccessToken(new ProviderHttpError(401, {}, TOKEN_URL)), true);
    assert.equal(isRejectedAccessToken(new ProviderHttpError(400, { error: { code: 190 } }, TOKEN_URL)), true);
    assert.equal(isRejectedAccessToken(new ProviderHttpError(403, { error: { code: 10 } }, TOKEN_URL)), false);
  });
});
