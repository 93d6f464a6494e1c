import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_PASSWORD, DemoSeedService, demoSignInBanner } from './demo-seed.service';

describe(DemoSeedService.name, () => {
  it('prints the demo sign-ins and the account id in a box whose lines line up', () => {
    const accountId = '3f0e6c1a-2b4d-4e8f-9a7b-5c6d7e8f9a0b';
    const lines = demoSignInBanner(accountId).trim().split('\n');
    assert.equal(new Set(lines.map((line) => line.length)).size, 1, 'every line has the same width');
    assert.match(lines[0], /^\+-+\+$/);
    assert.match(lines.at(-1)!, /^\+-+\+$/);
    const text = lines.join('\n');
    for (const expected of [
      'admin@aurora.test',
      'agent@aurora.test',
      DEMO_PASSWORD,
      'Channels Administrator',
      'Agent',
      `Account id ${accountId}`,
    ]) {
      assert.ok(text.includes(expected), expected);
    }
  });
});
