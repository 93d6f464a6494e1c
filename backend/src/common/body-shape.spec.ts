import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyProblem } from './body-shape';

describe(bodyProblem.name, () => {
  const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : { child: nest(depth - 1) });

  it('counts each object or array as one level; scalars add none', () => {
    assert.equal(bodyProblem(nest(3), 3), null);
    assert.equal(bodyProblem(nest(4), 3), 'body_too_deep');
    assert.equal(bodyProblem([[[1]]], 3), null);
    assert.equal(bodyProblem([[[[1]]]], 3), 'body_too_deep');
    for (const scalar of [undefined, null, 'text', 42, true]) assert.equal(bodyProblem(scalar, 0), null);
  });

  it('finds the deep branch among wide shallow ones, and measures 100,000 levels without recursion', () => {
    assert.equal(bodyProblem({ wide: Array(1000).fill({ a: 1 }), deep: nest(40) }), 'body_too_deep');
    assert.equal(bodyProblem(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000))), 'body_too_deep');
  });

  it('refuses half a surrogate pair in a value or a key, and accepts whole ones', () => {
    assert.equal(bodyProblem(JSON.parse('{"email":"\\ud800"}')), 'invalid_unicode');
    assert.equal(bodyProblem(JSON.parse('{"mapping":{"\\udfff":"name"}}')), 'invalid_unicode');
    assert.equal(bodyProblem(JSON.parse('["a\\ud83dz"]')), 'invalid_unicode');
    assert.equal(bodyProblem({ name: '😀 Ω e\u0301 \u0000' }), null);
  });
});
