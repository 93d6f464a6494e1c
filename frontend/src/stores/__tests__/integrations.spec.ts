import { createTestingPinia } from '@pinia/testing';
import { effectScope } from 'vue';
import { useIntegrationChanges } from '../../composables/useIntegrationChanges';
import { MockBroadcastChannel } from '../../test-support/broadcastChannel';
import { errorReply, installFetchMock, type FetchMock } from '../../test-support/fetchMock';
import { catalogFixture, detail } from '../../test-support/fixtures';
import { settle } from '../../test-support/flush';
import { useIntegrationsStore } from '../integrations';

let fetchMock: FetchMock;

beforeEach(() => {
  createTestingPinia({ stubActions: false, createSpy: jest.fn });
  MockBroadcastChannel.install();
  fetchMock = installFetchMock()
    .on('GET', '/integrations', { body: catalogFixture })
    .on('GET', '/integrations/hubspot', { body: detail('hubspot', 'connected') })
    .on('GET', '/integrations/hubspot/activity', { body: [] });
});

describe(useIntegrationsStore.name, () => {
  it('keeps the catalog card in step with a freshly loaded detail', async () => {
    const store = useIntegrationsStore();
    fetchMock.on('GET', '/integrations/slack', { body: detail('slack', 'connected') });
    await store.loadCatalog();
    await store.loadIntegration('slack');

    expect(store.catalog.find((entry) => entry.key === 'slack')?.status).toBe('connected');
    expect(store.categories).toEqual(['CRM', 'Messaging', 'Scheduling', 'Spreadsheets']);
  });

  it('treats "not connected" on disconnect as done, and refreshes', async () => {
    const store = useIntegrationsStore();
    await store.loadIntegration('hubspot');
    fetchMock
      .on('DELETE', '/integrations/hubspot/connection', errorReply(404, 'not_connected'))
      .on('GET', '/integrations/hubspot', { body: detail('hubspot', 'disconnected') });

    await store.disconnect('hubspot');

    expect(store.details.hubspot?.status).toBe('disconnected');
    expect(store.details.hubspot?.connection).toBeNull();
  });

  it('lets a real disconnect failure through without changing the state', async () => {
    const store = useIntegrationsStore();
    await store.loadIntegration('hubspot');
    fetchMock.on('DELETE', '/integrations/hubspot/connection', errorReply(403, 'forbidden_role'));

    await expect(store.disconnect('hubspot')).rejects.toMatchObject({ code: 'forbidden_role' });
    expect(store.details.hubspot?.status).toBe('connected');
  });

  it('keeps showing data when a background refresh fails', async () => {
    const store = useIntegrationsStore();
    await store.loadCatalog();
    fetchMock.on('GET', '/integrations', errorReply(503, 'unavailable'));

    await store.loadCatalog({ quiet: true });

    expect(store.catalogState).toBe('ready');
    expect(store.catalog).toHaveLength(catalogFixture.length);
  });

  it('announces its own changes to other tabs but does not react to its own announcement', async () => {
    const store = useIntegrationsStore();
    await store.loadCatalog();
    const scope = effectScope();
    scope.run(() => useIntegrationChanges());
    const catalogLoads = () => fetchMock.callsTo('GET', '/integrations').length;

    await store.markChanged('hubspot');
    await settle();
    expect(catalogLoads()).toBe(2);
    expect(MockBroadcastChannel.sent).toEqual([
      { name: 'aurora-integrations', data: expect.objectContaining({ type: 'integration-changed', key: 'hubspot' }) },
    ]);

    MockBroadcastChannel.emit('aurora-integrations', { type: 'integration-changed', key: 'hubspot', sender: 'x' });
    await settle();
    expect(catalogLoads()).toBe(3);

    scope.stop();
    expect(MockBroadcastChannel.listeners('aurora-integrations')).toBe(0);
  });
});
