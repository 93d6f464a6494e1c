import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appSecretProof, withAppSecretProof } from './facebook-appsecret-proof';

describe('appsecret_proof', () => {
  it('is the hex HMAC-SHA256 of the token keyed by the app secret', () => {
    // Reference: `echo -n EAAB-access | openssl dgst -sha256 -hmac client-secret`.
    assert.equal(
      appSecretProof('EAAB-access', 'client-secret'),
      'e6b34b73b9a7548974278b287363943fddd984de4d3d0a273d1affc25a49a445',
    );
  });

  it('differs per token and per secret', () => {
    assert.notEqual(appSecretProof('EAAB-a', 's'), appSecretProof('EAAB-b', 's'));
    assert.notEqual(appSecretProof('EAAB-a', 's1'), appSecretProof('EAAB-a', 's2'));
  });

  it('is added to the query, keeping the other parameters', () => {
    const url = new URL(withAppSecretProof('https://graph.example/v24.0/123?fields=id,name', 'EAAB-access', 'client-secret'));
    assert.equal(url.searchParams.get('fields'), 'id,name');
    assert.equal(url.searchParams.get('appsecret_proof'), appSecretProof('EAAB-access', 'client-secret'));
  });
});
