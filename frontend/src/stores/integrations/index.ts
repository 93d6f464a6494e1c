import { defineStore } from 'pinia';
import { computed } from 'vue';
import { toApiError } from '../../api/http';
import * as integrationsApi from '../../api/integrations';
import type { IntegrationDetailResponse } from '../../api/schema';
import { broadcast, INTEGRATIONS_CHANNEL, tabId } from '../../lib/broadcast';
import { useResource, useResources, type LoadOptions } from '../resource';
import { createConnectFlows } from './connect';
import { createConnectionTests } from './connectionTests';
import { createDisconnectDialogs } from './disconnect';

export const useIntegrationsStore = defineStore('integrations', () => {
  const catalogResource = useResource(() => integrationsApi.listIntegrations(), []);
  const detailResources = useResources((key) => integrationsApi.getIntegration(key));
  const activityResources = useResources((key) => integrationsApi.listActivity(key));
  const { data: catalog, state: catalogState, error: catalogError } = catalogResource;
  const { data: details, state: detailState, errors: detailErrors } = detailResources;
  const { data: activity, state: activityState } = activityResources;

  const categories = computed(() =>
    Array.from(new Set(catalog.value.map((integration) => integration.category))).sort((a, b) => a.localeCompare(b)),
  );

  async function loadCatalog(options: LoadOptions = {}): Promise<void> {
    await catalogResource.load(options);
  }

  async function loadIntegration(key: string, options: LoadOptions = {}): Promise<void> {
    const detail = await detailResources.load(key, options);
    if (detail) syncCatalogEntry(detail);
  }

  async function loadActivity(key: string, options: LoadOptions = {}): Promise<void> {
    await activityResources.load(key, options);
  }

  /** Keeps the catalog card in step with a freshly loaded detail. */
  function syncCatalogEntry(detail: IntegrationDetailResponse): void {
    const entry = catalog.value.find((integration) => integration.key === detail.key);
    if (entry) {
      entry.status = detail.status;
      entry.configured = detail.configured;
      entry.health = detail.health;
    }
  }

  async function disconnect(key: string): Promise<void> {
    try {
      await integrationsApi.disconnect(key);
    } catch (caught) {
      // Already disconnected (another tab, another admin): the state the person asked for.
      if (toApiError(caught).code !== 'not_connected') throw caught;
    }
    const current = details.value[key];
    if (current) details.value[key] = { ...current, status: 'disconnected', connection: null, health: null };
    const entry = catalog.value.find((integration) => integration.key === key);
    if (entry) {
      entry.status = 'disconnected';
      entry.health = null;
    }
    // The disconnect is done; refreshing (and telling other tabs) need not hold up the dialog.
    void markChanged(key);
  }

  /** Re-reads whatever this tab shows about an integration, without flashing loading states. */
  async function refresh(key: string): Promise<void> {
    const jobs: Promise<void>[] = [];
    if (catalogState.value === 'ready') jobs.push(loadCatalog({ quiet: true }));
    if (detailState.value[key]) jobs.push(loadIntegration(key, { quiet: true }));
    if (activityState.value[key]) jobs.push(loadActivity(key, { quiet: true }));
    await Promise.all(jobs);
  }

  /** Re-reads everything this tab shows (after the live stream may have missed events). */
  async function refreshShown(): Promise<void> {
    const keys = new Set([...Object.keys(detailState.value), ...Object.keys(activityState.value)]);
    const jobs = [...keys].map((key) => refresh(key));
    if (keys.size === 0 && catalogState.value === 'ready') jobs.push(loadCatalog({ quiet: true }));
    await Promise.all(jobs);
  }

  /** This tab changed an integration: refresh here and tell the other open tabs. */
  async function markChanged(key: string): Promise<void> {
    broadcast(INTEGRATIONS_CHANNEL, { type: 'integration-changed', key, sender: tabId });
    await refresh(key);
  }

  const connectFlows = createConnectFlows({ refresh, markChanged, loadActivity });
  const disconnectDialogs = createDisconnectDialogs(disconnect);
  const connectionTests = createConnectionTests(markChanged);

  /** The dialog's Disconnect: once done, the last connect result no longer applies. */
  async function confirmDisconnect(key: string): Promise<boolean> {
    const done = await disconnectDialogs.confirmDisconnect(key);
    if (done) connectFlows.dismissConnect(key);
    return done;
  }

  function reset(): void {
    connectFlows.resetConnects();
    disconnectDialogs.resetDisconnects();
    connectionTests.resetConnectionTests();
    catalogResource.reset();
    detailResources.reset();
    activityResources.reset();
  }

  return {
    catalog,
    catalogState,
    catalogError,
    categories,
    details,
    detailState,
    detailErrors,
    activity,
    activityState,
    loadCatalog,
    loadIntegration,
    loadActivity,
    disconnect,
    refresh,
    refreshShown,
    markChanged,
    ...connectFlows,
    ...disconnectDialogs,
    ...connectionTests,
    confirmDisconnect,
    reset,
  };
});
