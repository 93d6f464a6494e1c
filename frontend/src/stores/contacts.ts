import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { listContacts } from '../api/contacts';
import { toApiError, type ApiError } from '../api/http';
import { useResource } from './resource';

export const CONTACTS_PAGE_SIZE = 25;

export const useContactsStore = defineStore('contacts', () => {
  const list = useResource(() => listContacts({ limit: CONTACTS_PAGE_SIZE }), { data: [], nextCursor: null });
  const { state, error } = list;
  /** The pages loaded so far, as one list. */
  const contacts = computed(() => list.data.value.data);
  const nextCursor = computed(() => list.data.value.nextCursor);
  const loadingMore = ref(false);
  const loadMoreError = ref<ApiError | null>(null);

  async function load(): Promise<void> {
    await list.load();
  }

  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value;
    if (!cursor || loadingMore.value) return;
    loadingMore.value = true;
    loadMoreError.value = null;
    try {
      const page = await listContacts({ cursor, limit: CONTACTS_PAGE_SIZE });
      const known = new Set(contacts.value.map((contact) => contact.id));
      list.data.value = {
        data: contacts.value.concat(page.data.filter((contact) => !known.has(contact.id))),
        nextCursor: page.nextCursor,
      };
    } catch (caught) {
      loadMoreError.value = toApiError(caught);
    } finally {
      loadingMore.value = false;
    }
  }

  function reset(): void {
    list.reset();
    loadingMore.value = false;
    loadMoreError.value = null;
  }

  return { contacts, nextCursor, state, error, loadingMore, loadMoreError, load, loadMore, reset };
});
