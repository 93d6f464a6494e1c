import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLeadgenNotification } from './leadgen-notification';

describe('leadgen notification', () => {
  it('extracts every leadgen change, ids as strings', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: '1000001',
          time: 1,
          changes: [
            { field: 'leadgen', value: { leadgen_id: 3000001, page_id: '1000001', form_id: '2000001' } },
            { field: 'feed', value: { item: 'post' } },
            { field: 'leadgen', value: { leadgen_id: '3000002', form_id: '2000001' } },
          ],
        },
      ],
    };
    assert.deepEqual(parseLeadgenNotification(body), [
      { leadgenId: '3000001', formId: '2000001', pageId: '1000001' },
      { leadgenId: '3000002', formId: '2000001', pageId: '1000001' },
    ]);
  });

  it('ignores other objects and changes with unusable ids', () => {
    assert.deepEqual(parseLeadgenNotification({ object: 'user', entry: [] }), []);
    assert.deepEqual(
      parseLeadgenNotification({
        object: 'page',
        entry: [{ id: '1', changes: [{ field: 'leadgen', value: { leadgen_id: '../me', form_id: '2' } }] }],
      }),
      [],
    );
  });

  it('rejects what is not a change notification', () => {
    for (const body of [
      null,
      'text',
      [],
      {},
      { object: 'page', entry: 'x' },
      { object: 'page', entry: [{ changes: 'x' }] },
      { object: 'page', entry: [7] },
    ]) {
      assert.equal(parseLeadgenNotification(body), null, JSON.stringify(body));
    }
  });
});
