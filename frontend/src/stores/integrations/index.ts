import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { toApiError, type ApiError } from '../../api/http';
import * as integrationsApi from '../../api/integrations';
import type { ActivityResponse, IntegrationDetailResponse, IntegrationSummaryResponse } from '../../api/schema';
import { broadcast, INTEGRATIONS_CHANNEL, tabId } from '../../lib/broadcast';
import type { LoadState } from '../loadState';
import { createConnectFlows } from './connect';
import { createDisconnectDialogs } from './disconnect';

interface LoadOptions {
  /** Refresh in the background: keep showing the current data instead of a loading state. */
  quiet?: boolean;
}

export const useIntegrationsStore = defineStore('integrations', () => {
  const catalog = ref<IntegrationSummaryResponse[]>([]);
  const catalogState = ref<LoadState>('idle');
  const catalogError = ref<ApiError | null>(null);

  const details = ref<Record<string, IntegrationDetailResponse>>({});
  const detailState = ref<Record<string, LoadState>>({});
  const detailErrors = ref<Record<string, ApiError>>({});

  const activity = ref<Record<string, ActivityResponse[]>>({});
  const activityState = ref<Record<string, LoadState>>({});

  const categories = computed(() =>
    Array.from(new Set(catalog.value.map((integration) => integration.category))).sort((a, b) => a.localeCompare(b)),
  );

  async function loadCatalog(options: LoadOptions = {}): Promise<void> {
    if (!options.quiet || catalogState.value !== 'ready') catalogState.value = 'loading';
    try {
      catalog.value = await integrationsApi.listIntegrations();
      catalogState.value = 'ready';
      catalogError.value = null;
    } catch (caught) {
      // A failed background refresh keeps the list people are looking at.
      if (options.quiet && catalogState.value === 'ready') return;
      catalogError.value = toApiError(caught);
      catalogState.value = 'error';
    }
  }

  async function loadIntegration(key: string, options: LoadOptions = {}): Promise<void> {
    if (!options.quiet || !details.value[key]) detailState.value[key] = 'loading';
    try {
      const detail = await integrationsApi.getIntegration(key);
      details.value[key] = detail;
      detailState.value[key] = 'ready';
      delete detailErrors.value[key];
      syncCatalogEntry(detail);
    } catch (caught) {
      if (options.quiet && details.value[key]) return;
      detailErrors.value[key] = toApiError(caught);
      detailState.value[key] = 'error';
    }
  }

  async function loadActivity(key: string, options: LoadOptions = {}): Promise<void> {
    if (!options.quiet || !activity.value[key]) activityState.value[key] = 'loading';
    try {
      activity.value[key] = await integrationsApi.listActivity(key);
      activityState.value[key] = 'ready';
    } catch {
      if (options.quiet && activity.value[key]) return;
      activityState.value[key] = 'error';
    }
  }

  /** Keeps the catalog card in step with a freshly loaded detail. */
  function syncCatalogEntry(detail: IntegrationDetailResponse): void {
    const entry = catalog.value.find((integration) => integration.key === detail.key);
    if (entry) {
      entry.status = detail.status;
      entry.configured = detail.configured;
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
    if (current) details.value[key] = { ...current, status: 'disconnected', connection: null };
    const entry = catalog.value.find((integration) => integration.key === key);
    if (entry) entry.status = 'disconnected';
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

  /** This tab changed an integration: refresh here and tell the other open tabs. */
  async function markChanged(key: string): Promise<void> {
    broadcast(INTEGRATIONS_CHANNEL, { type: 'integration-changed', key, sender: tabId });
    await refresh(key);
  }

  const connectFlows = createConnectFlows({ refresh, markChanged, loadActivity });
  const disconnectDialogs = createDisconnectDialogs(disconnect);

  /** The dialog's Disconnect: once done, the last connect result no longer applies. */
  async function confirmDisconnect(key: string): Promise<boolean> {
    const done = await disconnectDialogs.confirmDisconnect(key);
    if (done) connectFlows.dismissConnect(key);
    return done;
  }

  function reset(): void {
    connectFlows.resetConnects();
    disconnectDialogs.resetDisconnects();
    catalog.value = [];
    catalogState.value = 'idle';
    catalogError.value = null;
    details.value = {};
    detailState.value = {};
    detailErrors.value = {};
    activity.value = {};
    activityState.value = {};
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
    markChanged,
    ...connectFlows,
    ...disconnectDialogs,
    confirmDisconnect,
    reset,
  };
});
