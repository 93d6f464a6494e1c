import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactUrl, requestLogLevel } from './logging';

describe(requestLogLevel.name, () => {
  it('keeps successful requests out of an info-level terminal and reports failures', () => {
    assert.equal(requestLogLevel(200), 'debug');
    assert.equal(requestLogLevel(304), 'debug');
    assert.equal(requestLogLevel(404), 'warn');
    assert.equal(requestLogLevel(503), 'error');
    assert.equal(requestLogLevel(200, new Error('socket hang up')), 'error');
  });
});

describe(redactUrl.name, () => {
  it('hides OAuth codes, state and tokens but keeps the rest of the URL readable', () => {
    assert.equal(
      redactUrl('/api/v1/integrations/hubspot/callback?code=abc&state=xyz&scope=read'),
      '/api/v1/integrations/hubspot/callback?code=%5BRedacted%5D&state=%5BRedacted%5D&scope=read',
    );
    assert.equal(
      redactUrl('/webhooks/facebook?hub.verify_token=t&hub.challenge=1'),
      '/webhooks/facebook?hub.verify_token=%5BRedacted%5D&hub.challenge=1',
    );
    assert.equal(redactUrl('/api/v1/health'), '/api/v1/health');
  });

  it('redacts absolute URLs such as a redirect to the provider', () => {
    const redacted = redactUrl('https://provider.example/authorize?client_id=c&state=secret-state&code_challenge=x') ?? '';
    assert.doesNotMatch(redacted, /secret-state/);
    assert.match(redacted, /^https:\/\/provider\.example\/authorize\?client_id=c/);
  });
});
