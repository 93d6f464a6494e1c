import { defineStore } from 'pinia';
import { ref } from 'vue';
import { listContacts } from '../api/contacts';
import { toApiError, type ApiError } from '../api/http';
import type { ContactResponse } from '../api/schema';
import type { LoadState } from './loadState';

export const CONTACTS_PAGE_SIZE = 25;

export const useContactsStore = defineStore('contacts', () => {
  const contacts = ref<ContactResponse[]>([]);
  const nextCursor = ref<string | null>(null);
  const state = ref<LoadState>('idle');
  const error = ref<ApiError | null>(null);
  const loadingMore = ref(false);
  const loadMoreError = ref<ApiError | null>(null);

  async function load(): Promise<void> {
    state.value = 'loading';
    error.value = null;
    try {
      const page = await listContacts({ limit: CONTACTS_PAGE_SIZE });
      contacts.value = page.data;
      nextCursor.value = page.nextCursor;
      state.value = 'ready';
    } catch (caught) {
      error.value = toApiError(caught);
      state.value = 'error';
    }
  }

  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value;
    if (!cursor || loadingMore.value) return;
    loadingMore.value = true;
    loadMoreError.value = null;
    try {
      const page = await listContacts({ cursor, limit: CONTACTS_PAGE_SIZE });
      const known = new Set(contacts.value.map((contact) => contact.id));
      contacts.value = contacts.value.concat(page.data.filter((contact) => !known.has(contact.id)));
      nextCursor.value = page.nextCursor;
    } catch (caught) {
      loadMoreError.value = toApiError(caught);
    } finally {
      loadingMore.value = false;
    }
  }

  function reset(): void {
    contacts.value = [];
    nextCursor.value = null;
    state.value = 'idle';
    error.value = null;
    loadingMore.value = false;
    loadMoreError.value = null;
  }

  return { contacts, nextCursor, state, error, loadingMore, loadMoreError, load, loadMore, reset };
});
