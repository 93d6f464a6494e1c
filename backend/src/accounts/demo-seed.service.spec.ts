import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_PASSWORD, DemoSeedService, demoSignInBanner } from './demo-seed.service';

describe(DemoSeedService.name, () => {
  it('prints the demo sign-ins in a box whose lines line up', () => {
    const lines = demoSignInBanner().trim().split('\n');
    assert.equal(new Set(lines.map((line) => line.length)).size, 1, 'every line has the same width');
    assert.match(lines[0], /^\+-+\+$/);
    assert.match(lines.at(-1)!, /^\+-+\+$/);
    const text = lines.join('\n');
    for (const expected of ['admin@aurora.test', 'agent@aurora.test', DEMO_PASSWORD, 'Channels Administrator', 'Agent']) {
      assert.ok(text.includes(expected), expected);
    }
  });
});
