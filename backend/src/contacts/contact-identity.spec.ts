import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeContactEmail, normalizePhone, phoneDigits } from './contact-identity';

describe('contact identity', () => {
  it('normalises e-mails to one spelling and refuses what cannot be an address', () => {
    assert.equal(normalizeContactEmail('  Ada.Lovelace@Example.TEST '), 'ada.lovelace@example.test');
    assert.equal(normalizeContactEmail('ＡＤＡ@example.test'), 'ada@example.test');
    assert.equal(normalizeContactEmail('no address'), null);
    assert.equal(normalizeContactEmail(''), null);
    assert.equal(normalizeContactEmail(null), null);
  });

  it('keeps a phone’s digits and its leading +, and ignores numbers too short to mean a person', () => {
    assert.equal(normalizePhone('+1 (555) 010-0001'), '+15550100001');
    assert.equal(normalizePhone('0555 010 0001'), '05550100001');
    assert.equal(normalizePhone('ext. 12'), null);
    assert.equal(normalizePhone(undefined), null);
  });

  it('reads the search box as phone digits only when it looks like a number', () => {
    assert.equal(phoneDigits('555-010'), '555010');
    assert.equal(phoneDigits('+1 555'), '1555');
    assert.equal(phoneDigits('ada 555'), null);
    assert.equal(phoneDigits('55'), null);
  });
});
