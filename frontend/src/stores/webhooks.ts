import { defineStore } from 'pinia';
import { ref } from 'vue';
import { toApiError, type ApiError } from '../api/http';
import * as webhooksApi from '../api/webhookEndpoints';
import type { CreateWebhookEndpointDto, WebhookEndpointResponse } from '../api/schema';
import { useResource, useResources } from './resource';

/** A signing secret the server shows once: a new endpoint's, or a rotated one. */
export interface RevealedSecret {
  endpointId: string;
  url: string;
  secret: string;
  rotated: boolean;
}

/** Settings › Webhooks: endpoints, their recent deliveries, and what an admin does with them. */
export const useWebhooksStore = defineStore('webhooks', () => {
  const endpointsResource = useResource(() => webhooksApi.listWebhookEndpoints(), []);
  const deliveriesResources = useResources((endpointId) => webhooksApi.listDeliveries(endpointId));
  const { data: endpoints, state, error } = endpointsResource;
  const { data: deliveries, state: deliveriesState, errors: deliveriesErrors } = deliveriesResources;

  const creating = ref(false);
  const createError = ref<ApiError | null>(null);
  const revealed = ref<RevealedSecret | null>(null);
  /** Per endpoint: the action in flight ('test', 'rotate', …) and the last failure of one. */
  const busy = ref<Record<string, string>>({});
  const actionErrors = ref<Record<string, ApiError>>({});
  const deleting = ref<WebhookEndpointResponse | null>(null);

  async function load(): Promise<void> {
    await endpointsResource.load();
  }

  async function loadDeliveries(endpointId: string): Promise<void> {
    await deliveriesResources.load(endpointId, { quiet: true });
  }

  async function create(body: CreateWebhookEndpointDto): Promise<boolean> {
    creating.value = true;
    createError.value = null;
    try {
      const { endpoint, secret } = await webhooksApi.createWebhookEndpoint(body);
      endpoints.value = [...endpoints.value, endpoint];
      revealed.value = { endpointId: endpoint.id, url: endpoint.url, secret, rotated: false };
      return true;
    } catch (caught) {
      createError.value = toApiError(caught);
      return false;
    } finally {
      creating.value = false;
    }
  }

  /** Runs one action on an endpoint, marking it busy and keeping its failure to show next to it. */
  async function act(endpointId: string, action: string, work: () => Promise<void>): Promise<boolean> {
    busy.value[endpointId] = action;
    delete actionErrors.value[endpointId];
    try {
      await work();
      return true;
    } catch (caught) {
      actionErrors.value[endpointId] = toApiError(caught);
      return false;
    } finally {
      delete busy.value[endpointId];
    }
  }

  function replace(endpoint: WebhookEndpointResponse): void {
    endpoints.value = endpoints.value.map((current) => (current.id === endpoint.id ? endpoint : current));
  }

  const sendTest = (endpointId: string) =>
    act(endpointId, 'test', async () => {
      await webhooksApi.sendTestEvent(endpointId);
      await loadDeliveries(endpointId);
    });

  const rotateSecret = (endpoint: WebhookEndpointResponse) =>
    act(endpoint.id, 'rotate', async () => {
      const { secret } = await webhooksApi.rotateWebhookSecret(endpoint.id);
      revealed.value = { endpointId: endpoint.id, url: endpoint.url, secret, rotated: true };
      replace({ ...endpoint, secretRotatedAt: new Date().toISOString() });
    });

  const setEnabled = (endpoint: WebhookEndpointResponse, enabled: boolean) =>
    act(endpoint.id, enabled ? 'enable' : 'disable', async () => {
      replace(await webhooksApi.updateWebhookEndpoint(endpoint.id, { enabled }));
    });

  const redeliver = (endpointId: string, deliveryId: string) =>
    act(endpointId, 'redeliver', async () => {
      await webhooksApi.redeliver(endpointId, deliveryId);
      await loadDeliveries(endpointId);
    });

  function askDelete(endpoint: WebhookEndpointResponse): void {
    deleting.value = endpoint;
  }

  function closeDelete(): void {
    if (deleting.value && busy.value[deleting.value.id]) return;
    deleting.value = null;
  }

  async function confirmDelete(): Promise<boolean> {
    const target = deleting.value;
    if (!target) return false;
    const done = await act(target.id, 'delete', () => webhooksApi.deleteWebhookEndpoint(target.id));
    if (!done) return false;
    endpoints.value = endpoints.value.filter((endpoint) => endpoint.id !== target.id);
    if (revealed.value?.endpointId === target.id) revealed.value = null;
    deleting.value = null;
    return true;
  }

  function dismissRevealed(): void {
    revealed.value = null;
  }

  function reset(): void {
    endpointsResource.reset();
    deliveriesResources.reset();
    creating.value = false;
    createError.value = null;
    revealed.value = null;
    busy.value = {};
    actionErrors.value = {};
    deleting.value = null;
  }

  return {
    endpoints,
    state,
    error,
    deliveries,
    deliveriesState,
    deliveriesErrors,
    creating,
    createError,
    revealed,
    busy,
    actionErrors,
    deleting,
    load,
    loadDeliveries,
    create,
    sendTest,
    rotateSecret,
    setEnabled,
    redeliver,
    askDelete,
    closeDelete,
    confirmDelete,
    dismissRevealed,
    reset,
  };
});
