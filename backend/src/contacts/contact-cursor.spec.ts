import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeContactCursor, encodeContactCursor } from './contact-cursor';
import { ContactsException } from './contacts.exception';

describe('contact cursor', () => {
  it('round-trips the position of the last contact of a page', () => {
    const cursor = { createdAt: new Date('2025-01-02T03:04:05.678Z'), id: randomUUID() };
    assert.deepEqual(decodeContactCursor(encodeContactCursor(cursor)), cursor);
  });

  for (const [label, raw] of [
    ['garbage', 'not a cursor'],
    ['JSON that is not a pair', Buffer.from('{"a":1}').toString('base64url')],
    ['a bad date', Buffer.from(JSON.stringify(['yesterday', randomUUID()])).toString('base64url')],
    ['an id that is not a uuid', Buffer.from(JSON.stringify([new Date().toISOString(), "1' OR '1'='1"])).toString('base64url')],
  ]) {
    it(`refuses ${label} with a 400 naming the cursor`, () => {
      assert.throws(
        () => decodeContactCursor(raw),
        (error: unknown) => error instanceof ContactsException && error.status === 400 && /cursor/.test(error.message),
      );
    });
  }
});
