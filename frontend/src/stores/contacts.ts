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

  /**
   * A lead arrived: re-reads the first page in the background and merges it in, keeping the pages
   * loaded with "Load more" (new contacts on top, changed ones updated where they are).
   */
  async function refresh(): Promise<void> {
    if (state.value !== 'ready') return;
    try {
      const page = await listContacts({ limit: CONTACTS_PAGE_SIZE });
      const fresh = new Map(page.data.map((contact) => [contact.id, contact]));
      const kept = contacts.value.map((contact) => fresh.get(contact.id) ?? contact);
      const known = new Set(kept.map((contact) => contact.id));
      list.data.value = {
        data: page.data.filter((contact) => !known.has(contact.id)).concat(kept),
        nextCursor: nextCursor.value,
      };
    } catch {
      // A failed background refresh keeps what people are looking at.
    }
  }

  function reset(): void {
    list.reset();
    loadingMore.value = false;
    loadMoreError.value = null;
  }

  return { contacts, nextCursor, state, error, loadingMore, loadMoreError, load, loadMore, refresh, reset };
});
