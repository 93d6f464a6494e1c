import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphError } from './graph-format';
import { GraphRefusals } from './graph-refusals';

const refusal =
  (code: number, subcode: number | null = null) =>
  (error: unknown) =>
    error instanceof GraphError && error.code === code && error.subcode === subcode;

describe(GraphRefusals.name, () => {
  it('refuses a form’s leads as Leads Access Manager does (100/33), until access is granted', () => {
    const refusals = new GraphRefusals();
    refusals.setLeadsAccess('2000003', false);
    assert.throws(() => refusals.checkLeadRead('1000002', '2000003', '1900000000000001'), refusal(100, 33));
    assert.doesNotThrow(() => refusals.checkLeadRead('1000002', '2000004', '1900000000000002'));
    refusals.setLeadsAccess('2000003', true);
    assert.doesNotThrow(() => refusals.checkLeadRead('1000002', '2000003', '1900000000000001'));
  });

  it('rate-limits exactly the next `calls` lead reads of one page', () => {
    const refusals = new GraphRefusals();
    refusals.rateLimit('1000002', 32, 2);
    assert.throws(() => refusals.checkLeadRead('1000002', '2000003', '1'), refusal(32));
    assert.doesNotThrow(() => refusals.checkLeadRead('1000001', '2000001', '2'));
    assert.throws(() => refusals.checkLeadRead('1000002', '2000003', '3'), refusal(32));
    assert.doesNotThrow(() => refusals.checkLeadRead('1000002', '2000003', '4'));
  });

  it('forgets everything on clear', () => {
    const refusals = new GraphRefusals();
    refusals.setLeadsAccess('2000003', false);
    refusals.rateLimit('1000002', 4, 5);
    refusals.clear();
    assert.doesNotThrow(() => refusals.checkLeadRead('1000002', '2000003', '1'));
  });
});
