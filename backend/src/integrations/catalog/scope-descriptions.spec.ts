import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROVIDERS } from './index';

describe('catalog scope descriptions', () => {
  for (const provider of PROVIDERS) {
    it(`${provider.name} describes exactly the scopes it asks for, in plain words`, () => {
      const described = Object.keys(provider.scopeDescriptions).sort();
      assert.deepEqual(described, [...provider.scopes].sort(), 'one description per requested scope, none stale');
      for (const [scope, text] of Object.entries(provider.scopeDescriptions)) {
        assert.match(text, /^[A-Z][^.]{10,100}$/, `"${scope}" reads as a short sentence without a full stop`);
      }
    });
  }
});
