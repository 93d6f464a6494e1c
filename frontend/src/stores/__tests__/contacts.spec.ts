import { createTestingPinia } from '@pinia/testing';
import type { ContactDetailResponse } from '../../api/schema';
import { installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { contact } from '../../test-support/fixtures';
import { NO_FILTERS, useContactsStore } from '../contacts';

let fetchMock: FetchMock;

beforeEach(() => {
  createTestingPinia({ stubActions: false, createSpy: jest.fn });
  fetchMock = installFetchMock();
});

const detailOf = (id: string): ContactDetailResponse => ({ ...contact(id), leads: [] });

describe('useContactsStore', () => {
  it('sends the filters with the first page and with "Load more", leaving out the empty ones', async () => {
    fetchMock.on('GET', '/contacts', ({ query }) =>
      query.get('cursor')
        ? { body: { data: [contact('2')], nextCursor: null } }
        : { body: { data: [contact('1')], nextCursor: 'c1' } },
    );
    const store = useContactsStore();
    await store.applyFilters({ ...NO_FILTERS, q: ' ada ', from: '2026-05-01' });
    await store.loadMore();

    const queries = fetchMock.callsTo('GET', '/contacts').map((r) => Object.fromEntries(r.query));
    expect(queries).toEqual([
      { q: 'ada', from: '2026-05-01', limit: '25' },
      { q: 'ada', from: '2026-05-01', cursor: 'c1', limit: '25' },
    ]);
    expect(store.contacts.map((c) => c.id)).toEqual(['1', '2']);
    expect(store.isFiltered).toBe(true);
  });

  it('does not reload for the same filters, and does for other ones', async () => {
    fetchMock.on('GET', '/contacts', { body: { data: [], nextCursor: null } });
    const store = useContactsStore();
    await store.applyFilters({ ...NO_FILTERS, source: 'facebook-lead-ads' });
    await store.applyFilters({ ...NO_FILTERS, source: 'facebook-lead-ads' });
    await store.applyFilters({ ...NO_FILTERS });

    expect(fetchMock.callsTo('GET', '/contacts').map((r) => r.query.get('source'))).toEqual(['facebook-lead-ads', null]);
  });

  it('puts a new contact on top when a lead arrives, keeps the filters, and re-reads the open contact', async () => {
    let firstPage = [contact('1')];
    fetchMock.on('GET', '/contacts', () => ({ body: { data: firstPage, nextCursor: null } }));
    fetchMock.on('GET', '/contacts/1', { body: detailOf('1') });
    const store = useContactsStore();
    await store.applyFilters({ ...NO_FILTERS, q: 'person' });
    await store.select('1');
    firstPage = [contact('9'), contact('1', { leadCount: 2 })];
    await store.refresh();

    expect(store.contacts.map((c) => [c.id, c.leadCount])).toEqual([
      ['9', 1],
      ['1', 2],
    ]);
    expect(fetchMock.callsTo('GET', '/contacts').every((r) => r.query.get('q') === 'person')).toBe(true);
    expect(fetchMock.callsTo('GET', '/contacts/1')).toHaveLength(2);
  });

  it('opens and closes one contact', async () => {
    fetchMock.on('GET', '/contacts/7', { body: detailOf('7') });
    const store = useContactsStore();
    await store.select('7');
    expect(store.detail?.id).toBe('7');
    await store.select(null);
    expect(store.detail).toBeNull();
    expect(store.selectedId).toBeNull();
  });
});
