import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiKeyCache } from './api-key-cache';
import type { ApiKeyCaller } from './auth-user';
import { Scope } from './scope.enum';

const caller = (id: string): ApiKeyCaller => ({
  kind: 'api_key',
  id,
  accountId: 'a1',
  name: id,
  scopes: [Scope.IntegrationsRead],
});

describe(ApiKeyCache.name, () => {
  it('answers within its lifetime and looks the key up again after it', () => {
    let now = 1_000;
    const cache = new ApiKeyCache(5_000, 100, () => now);
    cache.set('h1', caller('k1'), now);
    now += 4_999;
    assert.equal(cache.get('h1')?.caller.id, 'k1');
    now += 1;
    assert.equal(cache.get('h1'), undefined, 'a revocation elsewhere counts from here');
  });

  it('forgets a revoked key at once', () => {
    const cache = new ApiKeyCache(5_000);
    cache.set('h1', caller('k1'), 0);
    cache.set('h2', caller('k2'), 0);
    cache.forget('k1');
    assert.equal(cache.get('h1'), undefined);
    assert.equal(cache.get('h2')?.caller.id, 'k2');
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = new ApiKeyCache(5_000, 2);
    cache.set('h1', caller('k1'), 0);
    cache.set('h2', caller('k2'), 0);
    cache.set('h3', caller('k3'), 0);
    assert.equal(cache.get('h1'), undefined);
    assert.deepEqual([cache.get('h2')?.caller.id, cache.get('h3')?.caller.id], ['k2', 'k3']);
  });

  it('keeps nothing when its lifetime is 0', () => {
    const cache = new ApiKeyCache(0);
    cache.set('h1', caller('k1'), 0);
    assert.equal(cache.get('h1'), undefined);
  });
});
