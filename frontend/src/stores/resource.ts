import { ref, type Ref } from 'vue';
import { toApiError, type ApiError } from '../api/http';

// What the stores load from the server, with its lifecycle and its failure, in one place instead of
// a hand-written {data, state, error} triple per thing.

/** Lifecycle of anything loaded from the server. */
export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export interface LoadOptions {
  /** Refresh in the background: keep showing the current data instead of a loading state. */
  quiet?: boolean;
}

interface ResourceOptions {
  /** Sees every failure first (e.g. "Facebook wants a reconnect"). */
  onError?: (error: ApiError) => void;
}

/** One thing loaded from the server. `load` answers the fresh value, or undefined when it failed. */
export function useResource<T>(fetcher: () => Promise<T>, initial: T, options: ResourceOptions = {}) {
  const data = ref(initial) as Ref<T>;
  const state = ref<LoadState>('idle');
  const error = ref<ApiError | null>(null);

  async function load({ quiet = false }: LoadOptions = {}): Promise<T | undefined> {
    const shown = state.value === 'ready';
    if (!quiet || !shown) {
      state.value = 'loading';
      error.value = null;
    }
    try {
      data.value = await fetcher();
      state.value = 'ready';
      error.value = null;
      return data.value;
    } catch (caught) {
      const failure = toApiError(caught);
      options.onError?.(failure);
      // A failed background refresh keeps what people are looking at.
      if (quiet && shown) return undefined;
      error.value = failure;
      state.value = 'error';
      return undefined;
    }
  }

  function reset(): void {
    data.value = initial;
    state.value = 'idle';
    error.value = null;
  }

  return { data, state, error, load, reset };
}

/** The same, one per key (an integration's detail, a Page's lead forms). */
export function useResources<T>(fetcher: (key: string) => Promise<T>, options: ResourceOptions = {}) {
  const data = ref<Record<string, T>>({}) as Ref<Record<string, T>>;
  const state = ref<Record<string, LoadState>>({});
  const errors = ref<Record<string, ApiError>>({});

  async function load(key: string, { quiet = false }: LoadOptions = {}): Promise<T | undefined> {
    const shown = key in data.value;
    if (!quiet || !shown) {
      state.value[key] = 'loading';
      delete errors.value[key];
    }
    try {
      const value = await fetcher(key);
      data.value[key] = value;
      state.value[key] = 'ready';
      delete errors.value[key];
      return value;
    } catch (caught) {
      const failure = toApiError(caught);
      options.onError?.(failure);
      if (quiet && shown) return undefined;
      errors.value[key] = failure;
      state.value[key] = 'error';
      return undefined;
    }
  }

  function reset(): void {
    data.value = {};
    state.value = {};
    errors.value = {};
  }

  return { data, state, errors, load, reset };
}
