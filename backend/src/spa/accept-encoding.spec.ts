import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preferredEncoding } from './accept-encoding';

describe(preferredEncoding.name, () => {
  const both = ['br', 'gzip'] as const;

  it('sends br to browsers, which list gzip first at the same weight', () => {
    assert.equal(preferredEncoding('gzip, deflate, br, zstd', both), 'br');
    assert.equal(preferredEncoding('br', both), 'br');
  });

  it("follows the client's weights and refusals", () => {
    assert.equal(preferredEncoding('br;q=0.5, gzip', both), 'gzip');
    assert.equal(preferredEncoding('br;q=0, gzip;q=0.1', both), 'gzip');
    assert.equal(preferredEncoding('*;q=0.3', both), 'br');
    assert.equal(preferredEncoding('*, br;q=0', both), 'gzip');
  });

  it('sends the file as it is without a header, for identity, or when no variant is acceptable', () => {
    assert.equal(preferredEncoding(undefined, both), null);
    assert.equal(preferredEncoding('identity', both), null);
    assert.equal(preferredEncoding('gzip;q=0, br;q=0', both), null);
    assert.equal(preferredEncoding('gzip, br', []), null);
    assert.equal(preferredEncoding('br', ['gzip']), null);
  });

  it('takes a malformed weight as a refusal rather than a preference', () => {
    assert.equal(preferredEncoding('br;q=high, gzip', both), 'gzip');
    assert.equal(preferredEncoding('br;q=2, gzip;q=0.2', both), 'gzip');
  });
});
