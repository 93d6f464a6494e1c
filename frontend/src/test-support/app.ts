import { createTestingPinia } from '@pinia/testing';
import { mount } from '@vue/test-utils';
import { createMemoryHistory } from 'vue-router';
import App from '../App.vue';
import type { SessionUserResponse } from '../api/schema';
import { createAppRouter } from '../router';
import type { FetchMock } from './fetchMock';
import { errorReply } from './fetchMock';
import { settle } from './flush';

/** Answers GET /auth/me with this user, or 401 when null. */
export function signInAs(fetchMock: FetchMock, user: SessionUserResponse | null): void {
  fetchMock.on('GET', '/auth/me', user ? { body: user } : errorReply(401, 'unauthorized'));
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
