import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { newSigningSecret, signedHeaders } from './message-signer';

describe('webhook message signing', () => {
  const payload = JSON.stringify({ type: 'connection.connected', timestamp: '2026-01-01T00:00:00.000Z', data: {} });

  it('signs so that the standardwebhooks library verifies the message', () => {
    const secret = newSigningSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = signedHeaders('msg_1', payload, [secret]);
    assert.deepEqual(new Webhook(secret).verify(payload, headers), JSON.parse(payload));
    assert.throws(() => new Webhook(newSigningSecret()).verify(payload, headers), WebhookVerificationError);
    assert.throws(() => new Webhook(secret).verify(`${payload} `, headers), WebhookVerificationError);
  });

  it('carries one signature per secret while a rotation is under way, each verifiable on its own', () => {
    const [current, previous] = [newSigningSecret(), newSigningSecret()];
    const headers = signedHeaders('msg_2', payload, [current, previous]);
    assert.equal(headers['webhook-signature'].split(' ').length, 2);
    assert.ok(new Webhook(current).verify(payload, headers));
    assert.ok(new Webhook(previous).verify(payload, headers));
  });
});
