import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { getContact, listContacts } from '../api/contacts';
import { toApiError, type ApiError } from '../api/http';
import type { ContactDetailResponse } from '../api/schema';
import { useResource } from './resource';

export const CONTACTS_PAGE_SIZE = 25;

/** What the list is narrowed to; empty strings mean "not filtered" (they mirror the URL query). */
export interface ContactFilters {
  q: string;
  source: string;
  from: string;
  to: string;
}

export const NO_FILTERS: ContactFilters = { q: '', source: '', from: '', to: '' };

const sameFilters = (a: ContactFilters, b: ContactFilters) =>
  a.q === b.q && a.source === b.source && a.from === b.from && a.to === b.to;

/** The API's query for the filters: unset ones left out. */
function toQuery({ q, source, from, to }: ContactFilters) {
  return { q: q.trim() || undefined, source: source || undefined, from: from || undefined, to: to || undefined };
}

export const useContactsStore = defineStore('contacts', () => {
  const filters = ref<ContactFilters>({ ...NO_FILTERS });
  const firstPage = () => listContacts({ ...toQuery(filters.value), limit: CONTACTS_PAGE_SIZE });
  const list = useResource(firstPage, { data: [], nextCursor: null });
  const { state, error } = list;
  /** The pages loaded so far, as one list. */
  const contacts = computed(() => list.data.value.data);
  const nextCursor = computed(() => list.data.value.nextCursor);
  const loadingMore = ref(false);
  const loadMoreError = ref<ApiError | null>(null);
  const isFiltered = computed(() => !sameFilters(filters.value, NO_FILTERS));

  const selectedId = ref<string | null>(null);
  const detail = useResource<ContactDetailResponse | null>(
    () => (selectedId.value ? getContact(selectedId.value) : Promise.resolve(null)),
    null,
  );

  async function load(): Promise<void> {
    await list.load();
  }

  /** Shows the list for other filters (from the URL); unchanged ones keep what is loaded unless `reload`. */
  async function applyFilters(next: ContactFilters, { reload = false } = {}): Promise<void> {
    if (!reload && sameFilters(filters.value, next) && state.value !== 'idle') return;
    filters.value = { ...next };
    loadMoreError.value = null;
    await list.load();
  }

  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value;
    if (!cursor || loadingMore.value) return;
    loadingMore.value = true;
    loadMoreError.value = null;
    try {
      const page = await listContacts({ ...toQuery(filters.value), cursor, limit: CONTACTS_PAGE_SIZE });
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
   * loaded with "Load more" (new contacts on top, changed ones updated where they are), and the open
   * contact's lead records.
   */
  async function refresh(): Promise<void> {
    if (selectedId.value) void detail.load({ quiet: true });
    if (state.value !== 'ready') return;
    try {
      const page = await firstPage();
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

  /** Opens (or, with null, closes) the detail panel of one contact. */
  async function select(id: string | null): Promise<void> {
    if (selectedId.value === id) return;
    selectedId.value = id;
    if (id) await detail.load();
    else detail.reset();
  }

  function reset(): void {
    list.reset();
    detail.reset();
    filters.value = { ...NO_FILTERS };
    selectedId.value = null;
    loadingMore.value = false;
    loadMoreError.value = null;
  }

  return {
    contacts,
    nextCursor,
    state,
    error,
    loadingMore,
    loadMoreError,
    filters,
    isFiltered,
    selectedId,
    detail: detail.data,
    detailState: detail.state,
    detailError: detail.error,
    load,
    applyFilters,
    loadMore,
    refresh,
    select,
    reset,
  };
});
