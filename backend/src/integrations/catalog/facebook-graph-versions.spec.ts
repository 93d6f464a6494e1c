import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { facebookLeadAdsProvider } from './facebook-lead-ads.provider';
import { GRAPH_VERSIONS, NEWEST_GRAPH_VERSION, graphVersionWarning } from './facebook-graph-versions';

describe('Graph API versions', () => {
  it('defaults to the newest stable version in the table', () => {
    assert.equal(facebookLeadAdsProvider.api?.defaultVersion, NEWEST_GRAPH_VERSION);
    const released = GRAPH_VERSIONS.map((row) => row.released);
    assert.deepEqual(released, [...released].sort().reverse(), 'newest first');
  });

  it('warns within 90 days of the end of life and after it, not before', () => {
    assert.equal(graphVersionWarning('v22.0', new Date('2026-10-01T00:00:00Z')), null);
    assert.match(
      graphVersionWarning('v22.0', new Date('2026-12-01T00:00:00Z')) ?? '',
      /ends on 2027-01-21 \(in 51 days\).*v24\.0/,
    );
    assert.match(graphVersionWarning('v21.0', new Date('2026-12-01T00:00:00Z')) ?? '', /ended on 2026-10-02/);
  });

  it('warns for versions older than the table, and trusts newer ones', () => {
    assert.match(graphVersionWarning('v12.0') ?? '', /older than v19\.0/);
    assert.equal(graphVersionWarning('v31.0'), null);
  });
});
