import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leadAccessProblem } from './page-access';

describe(leadAccessProblem.name, () => {
  it('is fine with full control, or advertise plus moderate, or when Facebook sent no tasks', () => {
    assert.equal(leadAccessProblem(['MANAGE']), null);
    assert.equal(leadAccessProblem(['ADVERTISE', 'MODERATE', 'ANALYZE']), null);
    assert.equal(leadAccessProblem(undefined), null);
  });

  it('names each missing task and what it is for', () => {
    assert.match(
      leadAccessProblem(['ANALYZE']) ?? '',
      /“Advertise” \(to read its leads\) and “Moderate” \(to subscribe it to new leads\)/,
    );
    const advertiseOnly = leadAccessProblem(['ADVERTISE', 'ANALYZE']) ?? '';
    assert.match(advertiseOnly, /“Moderate”/);
    assert.doesNotMatch(advertiseOnly, /Advertise/);
  });
});
