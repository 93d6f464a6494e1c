import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forwardedHeaders, isForeignRedirect, returnedHeaders, targetUrl } from './proxy-request';

describe('proxy requests', () => {
  it('appends the path and query under the API base, keeping the base path', () => {
    assert.equal(
      String(targetUrl('https://slack.com/api', '/conversations.list?limit=2')),
      'https://slack.com/api/conversations.list?limit=2',
    );
    assert.equal(
      String(targetUrl('https://api.hubapi.com', '/crm/v3/objects/contacts')),
      'https://api.hubapi.com/crm/v3/objects/contacts',
    );
  });

  it('refuses dot segments, plain or encoded, and stays on the base host', () => {
    for (const path of ['/../oauth', '/a/%2e%2e/b', '/a/%2E/b', '/a/..%5Cb'])
      assert.equal(targetUrl('https://x.test/api', path), 'dot_segment', path);
    assert.equal(targetUrl('https://x.test/api', '/%E0%A4%A'), 'bad_path');
    assert.equal(new URL(String(targetUrl('https://x.test', '//evil.test/a'))).host, 'x.test');
  });

  it('drops credentials, cookies, hop-by-hop fields and those the Connection header names', () => {
    const forwarded = forwardedHeaders({
      authorization: 'Bearer aur_x',
      cookie: 'a=b',
      'x-api-key': 'k',
      connection: 'keep-alive, x-private',
      'x-private': 'p',
      'transfer-encoding': 'chunked',
      'x-forwarded-for': '10.0.0.1',
      accept: 'application/json',
      'content-type': 'application/json',
    });
    assert.deepEqual(forwarded, { accept: 'application/json', 'content-type': 'application/json' });
  });

  it('hands back content type, rate-limit headers and Retry-After only', () => {
    const headers = new Headers({
      'content-type': 'application/json',
      'x-ratelimit-remaining': '9',
      'ratelimit-policy': '10;w=1',
      'retry-after': '3',
      'set-cookie': 'provider=1',
      server: 'x',
    });
    assert.deepEqual(returnedHeaders(headers), {
      'content-type': 'application/json',
      'ratelimit-policy': '10;w=1',
      'retry-after': '3',
      'x-ratelimit-remaining': '9',
    });
  });

  it('tells a redirect to another host from one on the API host', () => {
    const from = new URL('https://api.test/v1/x');
    assert.equal(isForeignRedirect('/v1/y', from), false);
    assert.equal(isForeignRedirect('https://evil.test/', from), true);
    assert.equal(isForeignRedirect(null, from), false);
  });
});
