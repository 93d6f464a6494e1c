import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as apiKeysApi from '../api/apiKeys';
import { toApiError, type ApiError } from '../api/http';
import type { ApiKeyResponse, CreateApiKeyDto } from '../api/schema';
import { useResource } from './resource';

/** The key just created: its secret is shown once, until the admin dismisses it or leaves. */
export interface RevealedKey {
  apiKey: ApiKeyResponse;
  key: string;
}

/** Settings › API keys: the list, creating (the key shown once) and revoking with a confirmation. */
export const useApiKeysStore = defineStore('apiKeys', () => {
  const list = useResource(async () => (await apiKeysApi.listApiKeys()).data, []);
  const { data: keys, state, error } = list;

  const creating = ref(false);
  const createError = ref<ApiError | null>(null);
  const revealed = ref<RevealedKey | null>(null);

  const revoking = ref<ApiKeyResponse | null>(null);
  const revokePending = ref(false);
  const revokeError = ref<ApiError | null>(null);
  const revokeDialogOpen = computed(() => revoking.value !== null);

  async function load(): Promise<void> {
    await list.load();
  }

  async function create(body: CreateApiKeyDto): Promise<boolean> {
    creating.value = true;
    createError.value = null;
    try {
      const created = await apiKeysApi.createApiKey(body);
      revealed.value = created;
      keys.value = [...keys.value, created.apiKey];
      return true;
    } catch (caught) {
      createError.value = toApiError(caught);
      return false;
    } finally {
      creating.value = false;
    }
  }

  function dismissRevealed(): void {
    revealed.value = null;
  }

  function askRevoke(apiKey: ApiKeyResponse): void {
    revoking.value = apiKey;
    revokeError.value = null;
  }

  function closeRevoke(): void {
    if (revokePending.value) return;
    revoking.value = null;
    revokeError.value = null;
  }

  async function confirmRevoke(): Promise<boolean> {
    const target = revoking.value;
    if (!target) return false;
    revokePending.value = true;
    revokeError.value = null;
    try {
      await apiKeysApi.revokeApiKey(target.id);
    } catch (caught) {
      const failure = toApiError(caught);
      // Revoked already (another admin): the state the person asked for.
      if (failure.status !== 404) {
        revokeError.value = failure;
        return false;
      }
    } finally {
      revokePending.value = false;
    }
    keys.value = keys.value.filter((key) => key.id !== target.id);
    if (revealed.value?.apiKey.id === target.id) revealed.value = null;
    revoking.value = null;
    return true;
  }

  function reset(): void {
    list.reset();
    creating.value = false;
    createError.value = null;
    revealed.value = null;
    revoking.value = null;
    revokePending.value = false;
    revokeError.value = null;
  }

  return {
    keys,
    state,
    error,
    creating,
    createError,
    revealed,
    revoking,
    revokePending,
    revokeError,
    revokeDialogOpen,
    load,
    create,
    dismissRevealed,
    askRevoke,
    closeRevoke,
    confirmRevoke,
    reset,
  };
});
