import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseSignedRequest, safeEqual, verifyHubSignature, verifySignedRequest } from './webhook-signatures';

const SECRET = 'app-secret';
const body = Buffer.from('{"object":"page","entry":[]}');
const sign = (data: Buffer | string, secret = SECRET) => createHmac('sha256', secret).update(data).digest('hex');

const NOW = new Date('2026-01-15T12:00:00Z');
const issuedSecondsAgo = (seconds: number) => Math.floor(NOW.getTime() / 1000) - seconds;

function signedRequest(payload: object, secret = SECRET): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${createHmac('sha256', secret).update(encoded).digest('base64url')}.${encoded}`;
}

describe('Facebook webhook signatures', () => {
  it('accepts the HMAC of the exact raw body', () => {
    assert.ok(verifyHubSignature(SECRET, body, `sha256=${sign(body)}`));
    assert.ok(verifyHubSignature(SECRET, body, `sha256=${sign(body).toUpperCase()}`));
  });

  it('refuses a missing, malformed, foreign or body-mismatched signature', () => {
    assert.ok(!verifyHubSignature(SECRET, body, undefined));
    assert.ok(!verifyHubSignature(SECRET, body, sign(body)));
    assert.ok(!verifyHubSignature(SECRET, body, 'sha256=abc'));
    assert.ok(!verifyHubSignature(SECRET, body, `sha1=${sign(body)}`));
    assert.ok(!verifyHubSignature(SECRET, body, `sha256=${sign(body, 'other-secret')}`));
    assert.ok(!verifyHubSignature(SECRET, Buffer.from('{"object": "page","entry":[]}'), `sha256=${sign(body)}`));
  });

  it('compares verify tokens of any length', () => {
    assert.ok(safeEqual('token', 'token'));
    assert.ok(!safeEqual('token', 'token-but-longer'));
    assert.ok(!safeEqual('', 'token'));
  });

  it('reads a correctly signed, fresh signed_request', () => {
    const issuedAt = issuedSecondsAgo(10);
    assert.deepEqual(
      parseSignedRequest(SECRET, signedRequest({ algorithm: 'HMAC-SHA256', user_id: '900000001', issued_at: issuedAt }), NOW),
      { algorithm: 'HMAC-SHA256', user_id: '900000001', issued_at: issuedAt },
    );
  });

  it('refuses a signed_request with a wrong signature, algorithm or no user', () => {
    const fresh = { issued_at: issuedSecondsAgo(10) };
    const parse = (value: string) => parseSignedRequest(SECRET, value, NOW);
    assert.equal(parse(signedRequest({ algorithm: 'HMAC-SHA256', user_id: '1', ...fresh }, 'other')), null);
    assert.equal(parse(signedRequest({ algorithm: 'none', user_id: '1', ...fresh })), null);
    assert.equal(parse(signedRequest({ algorithm: 'HMAC-SHA256', ...fresh })), null);
    assert.equal(parse('garbage'), null);
    assert.equal(parse(`.${Buffer.from('{}').toString('base64url')}`), null);
  });

  it('refuses a replayed signed_request: issued over 5 minutes ago, over a minute ahead, or undated', () => {
    const parse = (issuedAt: unknown) =>
      parseSignedRequest(SECRET, signedRequest({ algorithm: 'HMAC-SHA256', user_id: '1', issued_at: issuedAt }), NOW);
    assert.ok(parse(issuedSecondsAgo(300)), 'five minutes old is still fresh');
    assert.ok(parse(issuedSecondsAgo(-60)), 'a minute of clock skew is tolerated');
    for (const stale of [issuedSecondsAgo(301), issuedSecondsAgo(86_400), 1, issuedSecondsAgo(-61), undefined, '1', null]) {
      assert.equal(parse(stale), null, `issued_at ${String(stale)}`);
    }
  });

  it('says why a signed_request was refused, so the data deletion callback can answer in words', () => {
    const reason = (value: string) => {
      const result = verifySignedRequest(SECRET, value, NOW);
      return result.ok ? 'ok' : result.reason;
    };
    const fresh = { issued_at: issuedSecondsAgo(10) };
    assert.equal(reason(signedRequest({ algorithm: 'HMAC-SHA256', user_id: '1', ...fresh })), 'ok');
    assert.equal(reason(signedRequest({ algorithm: 'HMAC-SHA256', user_id: '1', ...fresh }, 'other')), 'bad_signature');
    assert.equal(reason(signedRequest({ algorithm: 'HMAC-SHA1', user_id: '1', ...fresh })), 'bad_algorithm');
    assert.equal(reason(signedRequest({ algorithm: 'HMAC-SHA256', user_id: '', ...fresh })), 'no_user');
    assert.equal(reason(signedRequest({ algorithm: 'HMAC-SHA256', user_id: '1', issued_at: issuedSecondsAgo(3600) })), 'stale');
    assert.equal(reason(signedRequest([])), 'bad_algorithm');
    assert.equal(reason('only-one-part'), 'malformed');
    const notJson = Buffer.from('not json').toString('base64url');
    assert.equal(reason(`${createHmac('sha256', SECRET).update(notJson).digest('base64url')}.${notJson}`), 'malformed');
  });
});
