import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEmail } from './email';

describe(normalizeEmail.name, () => {
  it('trims, folds compatibility forms (NFKC) and lower-cases', () => {
    assert.equal(normalizeEmail('  Ada@Example.TEST\t'), 'ada@example.test');
    assert.equal(normalizeEmail('ＡＤＡ＠ｅｘａｍｐｌｅ．ｔｅｓｔ'), 'ada@example.test');
    assert.equal(normalizeEmail('ﬁ@example.test'), 'fi@example.test');
  });

  it('keeps addresses that differ by an accent apart', () => {
    assert.notEqual(normalizeEmail('agént@aurora.test'), normalizeEmail('agent@aurora.test'));
    assert.equal(normalizeEmail('age\u0301nt@aurora.test'), normalizeEmail('agént@aurora.test'), 'one composed form');
  });
});
