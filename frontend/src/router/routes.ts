import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../api/schema';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** 'bare' renders without the sidebar shell. */
    layout?: 'shell' | 'bare';
    requiresRole?: Role;
    title?: string;
  }
}

// Every page is its own chunk: a route loads the shell plus what it shows, nothing of its neighbours.
export const routes: RouteRecordRaw[] = [
  // The guard sends people without the Integrations role to Contacts instead.
  { path: '/', name: 'home', redirect: { name: 'integrations' } },
  {
    path: '/login',
    name: 'login',
    component: () => import('../pages/LoginPage.vue'),
    meta: { public: true, layout: 'bare', title: 'Sign in' },
  },
  {
    path: '/integrations',
    name: 'integrations',
    component: () => import('../pages/IntegrationsPage.vue'),
    meta: { requiresRole: 'channels_admin', title: 'Integrations' },
  },
  {
    path: '/integrations/:key',
    name: 'integration-detail',
    component: () => import('../pages/IntegrationDetailPage.vue'),
    props: (route) => ({ integrationKey: String(route.params.key) }),
    meta: { requiresRole: 'channels_admin', title: 'Integration' },
  },
  {
    path: '/contacts',
    name: 'contacts',
    component: () => import('../pages/ContactsPage.vue'),
    meta: { title: 'Contacts' },
  },
  {
    // Runs inside the OAuth popup; public so a missing session cannot bounce it to the sign-in page.
    path: '/oauth/complete',
    name: 'oauth-complete',
    component: () => import('../pages/OAuthCompletePage.vue'),
    meta: { public: true, layout: 'bare', title: 'Connecting' },
  },
  {
    path: '/:notFound(.*)*',
    name: 'not-found',
    component: () => import('../pages/NotFoundPage.vue'),
    meta: { title: 'Page not found' },
  },
  // Only reached by name from the guard, which keeps the refused address in the URL.
  {
    path: '/:refused(.*)*',
    name: 'required-role',
    component: () => import('../pages/RequiredRolePage.vue'),
    meta: { title: 'Access needed' },
  },
];
