import { createTestingPinia } from '@pinia/testing';
import {
  BASE,
  bikeForms,
  coffeeForms,
  mockLeadAdsServer,
  pagesFixture,
  testRideConnection,
} from '../../components/facebook-lead-ads/__tests__/leadAdsFixtures';
import { errorReply, installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { useLeadAdsStore } from '../leadAds';

let fetchMock: FetchMock;

beforeEach(() => {
  createTestingPinia({ stubActions: false, createSpy: jest.fn });
  fetchMock = installFetchMock();
});

describe('useLeadAdsStore', () => {
  it('loads the pages and connections, then the forms of the first page', async () => {
    mockLeadAdsServer(fetchMock);
    const store = useLeadAdsStore();
    await store.load();

    expect(store.pages).toEqual(pagesFixture);
    expect(store.selectedPageId).toBe('1000001');
    expect(store.selectedForms).toEqual(coffeeForms);
    expect(store.pagesState).toBe('ready');
    expect(store.connectionsState).toBe('ready');
  });

  it('opens on the page of a form that is already imported', async () => {
    mockLeadAdsServer(fetchMock, [testRideConnection]);
    const store = useLeadAdsStore();
    await store.load();

    expect(store.selectedPageId).toBe('1000002');
    expect(store.selectedForms).toEqual(bikeForms);
    expect(store.connectionsByForm.get('2000003')?.leadsImported).toBe(3);
    expect(fetchMock.callsTo('GET', `${BASE}/pages/1000001/forms`)).toHaveLength(0);
  });

  it('loads the forms of a page once', async () => {
    mockLeadAdsServer(fetchMock);
    const store = useLeadAdsStore();
    await store.load();
    await store.selectPage('1000002');
    await store.selectPage('1000001');
    await store.selectPage('1000002');

    expect(fetchMock.callsTo('GET', `${BASE}/pages/1000001/forms`)).toHaveLength(1);
    expect(fetchMock.callsTo('GET', `${BASE}/pages/1000002/forms`)).toHaveLength(1);
  });

  it('saves a form connection and keeps one entry per form', async () => {
    mockLeadAdsServer(fetchMock);
    const store = useLeadAdsStore();
    await store.load();
    const form = coffeeForms[0]!;

    expect(await store.saveForm(form, '1000001', { full_name: 'name' })).toBe(true);
    expect(await store.saveForm(form, '1000001', { full_name: 'name', email: 'email' })).toBe(true);

    expect(fetchMock.callsTo('PUT', `${BASE}/form-connections/2000001`).map((r) => r.body)).toEqual([
      { pageId: '1000001', mapping: { full_name: 'name' } },
      { pageId: '1000001', mapping: { full_name: 'name', email: 'email' } },
    ]);
    expect(store.connections).toHaveLength(1);
    expect(store.connections[0]?.mapping).toEqual({ full_name: 'name', email: 'email' });
    expect(store.saving['2000001']).toBe(false);
  });

  it('keeps the error of a refused save with the form', async () => {
    mockLeadAdsServer(fetchMock);
    fetchMock.on(
      'PUT',
      `${BASE}/form-connections/2000001`,
      errorReply(403, 'missing_permission', 'the pages_manage_metadata permission is missing'),
    );
    const store = useLeadAdsStore();
    await store.load();

    expect(await store.saveForm(coffeeForms[0]!, '1000001', {})).toBe(false);
    expect(store.formActionErrors['2000001']?.code).toBe('missing_permission');
    expect(store.connections).toEqual([]);
  });

  it('removes a form connection, also when it was already gone', async () => {
    mockLeadAdsServer(fetchMock, [testRideConnection]);
    const store = useLeadAdsStore();
    await store.load();

    fetchMock.once('DELETE', `${BASE}/form-connections/2000003`, errorReply(404, 'form_connection_not_found'));
    expect(await store.removeForm('2000003')).toBe(true);
    expect(store.connections).toEqual([]);
    expect(store.formActionErrors['2000003']).toBeUndefined();
  });

  it('notes that Facebook must be reconnected when it rejects the saved access', async () => {
    mockLeadAdsServer(fetchMock);
    fetchMock.on('GET', `${BASE}/pages`, errorReply(409, 'reauth_required'));
    const store = useLeadAdsStore();
    await store.load();

    expect(store.reconnectNeeded).toBe(true);
    expect(store.pagesState).toBe('error');
    store.reset();
    expect(store.reconnectNeeded).toBe(false);
    expect(store.pages).toEqual([]);
  });
});
