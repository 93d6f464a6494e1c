import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { createMemoryHistory } from 'vue-router';
import App from '../App.vue';
import type { SessionUserResponse } from '../api/schema';
import { createAppRouter } from '../router';
import type { FetchMock } from './fetchMock';
import { settle } from './flush';

/** Answers the session probe (GET /auth/session) with this user, or `{user: null}` when signed out. */
export function signInAs(fetchMock: FetchMock, user: SessionUserResponse | null): void {
  fetchMock.on('GET', '/auth/session', { body: { user } });
}

/**
 * Mounts the whole SPA (real router with its guards, real stores) at `path`. Only fetch is mocked.
 */
export async function mountApp(path: string) {
  const pinia = createTestingPinia({ stubActions: false, createSpy: jest.fn });
  const router = createAppRouter({ pinia, history: createMemoryHistory() });
  await router.push(path);
  await router.isReady();
  const wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body });
  await settle();
  return { wrapper, router, pinia };
}
