import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseSignedRequest, safeEqual, verifyHubSignature } from './webhook-signatures';

const SECRET = 'app-secret';
const body = Buffer.from('{"object":"page","entry":[]}');
const sign = (data: Buffer | string, secret = SECRET) => createHmac('sha256', secret).update(data).digest('hex');

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

  it('reads a correctly signed signed_request', () => {
    assert.deepEqual(
      parseSignedRequest(SECRET, signedRequest({ algorithm: 'HMAC-SHA256', user_id: '900000001', issued_at: 1 })),
      {
        algorithm: 'HMAC-SHA256',
        user_id: '900000001',
        issued_at: 1,
      },
    );
  });

  it('refuses a signed_request with a wrong signature, algorithm or no user', () => {
    assert.equal(parseSignedRequest(SECRET, signedRequest({ algorithm: 'HMAC-SHA256', user_id: '1' }, 'other')), null);
    assert.equal(parseSignedRequest(SECRET, signedRequest({ algorithm: 'none', user_id: '1' })), null);
    assert.equal(parseSignedRequest(SECRET, signedRequest({ algorithm: 'HMAC-SHA256' })), null);
    assert.equal(parseSignedRequest(SECRET, 'garbage'), null);
    assert.equal(parseSignedRequest(SECRET, `.${Buffer.from('{}').toString('base64url')}`), null);
  });
});
