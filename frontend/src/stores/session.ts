import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { fetchMe, login, logout } from '../api/auth';
import { isApiError } from '../api/http';
import type { LoginDto, Role, SessionUserResponse } from '../api/schema';
import { useApiKeysStore } from './apiKeys';
import { useContactsStore } from './contacts';
import { useIntegrationsStore } from './integrations';
import { useWebhooksStore } from './webhooks';

export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUserResponse | null>(null);
  /** 'unknown' until we asked the server once whether a session exists. */
  const status = ref<'unknown' | 'loading' | 'ready'>('unknown');
  let loading: Promise<void> | null = null;

  const isSignedIn = computed(() => user.value !== null);
  const isChannelsAdmin = computed(() => hasRole('channels_admin'));

  function hasRole(role: Role): boolean {
    return user.value?.roles.includes(role) ?? false;
  }

  async function loadMe(): Promise<void> {
    status.value = 'loading';
    try {
      user.value = await fetchMe();
    } catch (error) {
      // 401 is the normal "signed out" answer; anything else also leaves us signed out, and the
      // sign-in page reports a network problem when the person tries again.
      if (!isApiError(error)) throw error;
      user.value = null;
    } finally {
      status.value = 'ready';
    }
  }

  /** Loads the session once; concurrent callers share the same request. */
  function ensureLoaded(): Promise<void> {
    if (status.value === 'ready') return Promise.resolve();
    loading ??= loadMe().finally(() => {
      loading = null;
    });
    return loading;
  }

  async function signIn(credentials: LoginDto): Promise<SessionUserResponse> {
    const signedIn = await login(credentials);
    forgetAccountData();
    user.value = signedIn;
    status.value = 'ready';
    return signedIn;
  }

  async function signOut(): Promise<void> {
    try {
      await logout();
    } finally {
      endSession();
    }
  }

  /** Forget the user locally (sign-out, or the server said the session is gone). */
  function endSession(): void {
    user.value = null;
    status.value = 'ready';
    forgetAccountData();
  }

  function forgetAccountData(): void {
    useIntegrationsStore().reset();
    useContactsStore().reset();
    useApiKeysStore().reset();
    useWebhooksStore().reset();
  }

  return { user, status, isSignedIn, isChannelsAdmin, hasRole, loadMe, ensureLoaded, signIn, signOut, endSession };
});
