import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nestedDeeperThan } from './body-depth';

describe(nestedDeeperThan.name, () => {
  const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : { child: nest(depth - 1) });

  it('counts each object or array as one level; scalars add none', () => {
    assert.equal(nestedDeeperThan(nest(3), 3), false);
    assert.equal(nestedDeeperThan(nest(4), 3), true);
    assert.equal(nestedDeeperThan([[[1]]], 3), false);
    assert.equal(nestedDeeperThan([[[[1]]]], 3), true);
    for (const scalar of [undefined, null, 'text', 42, true]) assert.equal(nestedDeeperThan(scalar, 0), false);
  });

  it('finds the deep branch among wide shallow ones, and measures 100,000 levels without recursion', () => {
    assert.equal(nestedDeeperThan({ wide: Array(1000).fill({ a: 1 }), deep: nest(40) }, 32), true);
    const deepArrays = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    assert.equal(nestedDeeperThan(deepArrays, 32), true);
  });
});
