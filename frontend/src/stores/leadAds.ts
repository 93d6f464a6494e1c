import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { toApiError, type ApiError } from '../api/http';
import * as leadAdsApi from '../api/leadAds';
import type { FacebookPermissionsResponse, LeadAdsAccessResponse, LeadFormResponse, LeadMapping } from '../api/schema';
import { useResource, useResources } from './resource';

/** Pages, lead forms and form connections of the account's Facebook Lead Ads integration. */
export const useLeadAdsStore = defineStore('leadAds', () => {
  // Every failure is checked for "Facebook wants a reconnect".
  const onError = noteFailure;
  const pagesResource = useResource(() => leadAdsApi.listPages(), [], { onError });
  const formsResources = useResources((pageId) => leadAdsApi.listForms(pageId), { onError });
  const connectionsResource = useResource(() => leadAdsApi.listFormConnections(), [], { onError });
  // Only informs (declined permissions): a failure here never blocks the panel.
  const permissionsResource = useResource<FacebookPermissionsResponse | null>(() => leadAdsApi.getPermissions(), null);
  const { data: permissions } = permissionsResource;
  const accessResource = useResource<LeadAdsAccessResponse | null>(() => leadAdsApi.getAccess(), null, { onError });
  const { data: access } = accessResource;
  const { data: pages, state: pagesState, error: pagesError } = pagesResource;
  const { data: forms, state: formsState, errors: formsErrors } = formsResources;
  const { data: connections, state: connectionsState, error: connectionsError } = connectionsResource;
  const selectedPageId = ref<string | null>(null);

  /** Per form id: a save or remove in flight, and the last failure of one. */
  const saving = ref<Record<string, boolean>>({});
  const removing = ref<Record<string, boolean>>({});
  const formActionErrors = ref<Record<string, ApiError>>({});

  /** Set when Facebook rejected the stored access: nothing works until the admin reconnects. */
  const reconnectNeeded = ref(false);

  const selectedForms = computed(() => (selectedPageId.value ? (forms.value[selectedPageId.value] ?? []) : []));
  /** The user token expired: Pages and forms cannot be managed, saved forms keep importing. */
  const manageFormsExpired = computed(
    () => leadAdsApi.userTokenExpired(pagesResource.error.value) || access.value?.userToken.state === 'expired',
  );
  const connectionsByForm = computed(() => new Map(connections.value.map((connection) => [connection.formId, connection])));

  function noteFailure(caught: unknown): ApiError {
    const error = toApiError(caught);
    if (leadAdsApi.needsReconnect(error)) reconnectNeeded.value = true;
    return error;
  }

  /** Pages and saved form connections; then the forms of the page the admin most likely wants. */
  async function load(): Promise<void> {
    reconnectNeeded.value = false;
    await Promise.all([loadPages(), loadConnections(), permissionsResource.load(), accessResource.load()]);
    // Listing the Pages may be what found the user token expired; the access read beside it did not know
    // yet. Read it again so the notice says since when.
    if (manageFormsExpired.value && access.value?.userToken.state !== 'expired') await accessResource.load({ quiet: true });
    const known = new Set(pages.value.map((page) => page.id));
    if (selectedPageId.value && known.has(selectedPageId.value)) {
      await loadForms(selectedPageId.value);
      return;
    }
    const preferred = connections.value.find((connection) => known.has(connection.pageId))?.pageId ?? pages.value[0]?.id ?? null;
    if (preferred) await selectPage(preferred);
  }

  async function loadPages(): Promise<void> {
    await pagesResource.load();
  }

  async function loadConnections(): Promise<void> {
    await connectionsResource.load();
  }

  /** Re-reads the saved form connections in the background, if they are on screen. */
  async function refreshConnections(): Promise<void> {
    if (connectionsState.value === 'ready') await connectionsResource.load({ quiet: true });
    if (accessResource.state.value === 'ready') await accessResource.load({ quiet: true });
  }

  async function selectPage(pageId: string): Promise<void> {
    selectedPageId.value = pageId;
    if (formsState.value[pageId] !== 'ready') await loadForms(pageId);
  }

  async function loadForms(pageId: string): Promise<void> {
    await formsResources.load(pageId);
  }

  /** Saves (or updates) a form connection; true when it worked, the error is kept per form otherwise. */
  async function saveForm(form: LeadFormResponse, pageId: string, mapping: LeadMapping): Promise<boolean> {
    if (saving.value[form.id]) return false;
    saving.value[form.id] = true;
    delete formActionErrors.value[form.id];
    try {
      const saved = await leadAdsApi.saveFormConnection(form.id, { pageId, mapping });
      const others = connections.value.filter((connection) => connection.formId !== saved.formId);
      connections.value = [...others, saved];
      return true;
    } catch (caught) {
      formActionErrors.value[form.id] = noteFailure(caught);
      return false;
    } finally {
      saving.value[form.id] = false;
    }
  }

  async function removeForm(formId: string): Promise<boolean> {
    if (removing.value[formId]) return false;
    removing.value[formId] = true;
    delete formActionErrors.value[formId];
    try {
      await leadAdsApi.removeFormConnection(formId);
    } catch (caught) {
      const error = noteFailure(caught);
      // Removed meanwhile (another tab, another admin): the state the admin asked for.
      if (error.code !== 'form_connection_not_found') {
        formActionErrors.value[formId] = error;
        return false;
      }
    } finally {
      removing.value[formId] = false;
    }
    connections.value = connections.value.filter((connection) => connection.formId !== formId);
    return true;
  }

  function reset(): void {
    pagesResource.reset();
    permissionsResource.reset();
    selectedPageId.value = null;
    formsResources.reset();
    connectionsResource.reset();
    accessResource.reset();
    saving.value = {};
    removing.value = {};
    formActionErrors.value = {};
    reconnectNeeded.value = false;
  }

  return {
    permissions,
    pages,
    pagesState,
    pagesError,
    selectedPageId,
    forms,
    formsState,
    formsErrors,
    connections,
    connectionsState,
    connectionsError,
    saving,
    removing,
    formActionErrors,
    reconnectNeeded,
    access,
    manageFormsExpired,
    selectedForms,
    connectionsByForm,
    load,
    loadPages,
    loadConnections,
    refreshConnections,
    selectPage,
    loadForms,
    saveForm,
    removeForm,
    reset,
  };
});
