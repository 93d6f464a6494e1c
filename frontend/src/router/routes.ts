import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '../api/schema';
import ContactsPage from '../pages/ContactsPage.vue';
import IntegrationDetailPage from '../pages/IntegrationDetailPage.vue';
import IntegrationsPage from '../pages/IntegrationsPage.vue';
import LoginPage from '../pages/LoginPage.vue';
import NotFoundPage from '../pages/NotFoundPage.vue';
import OAuthCompletePage from '../pages/OAuthCompletePage.vue';
import RequiredRolePage from '../pages/RequiredRolePage.vue';

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

export const routes: RouteRecordRaw[] = [
  // The guard sends people without the Integrations role to Contacts instead.
  { path: '/', name: 'home', redirect: { name: 'integrations' } },
  {
    path: '/login',
    name: 'login',
    component: LoginPage,
    meta: { public: true, layout: 'bare', title: 'Sign in' },
  },
  {
    path: '/integrations',
    name: 'integrations',
    component: IntegrationsPage,
    meta: { requiresRole: 'channels_admin', title: 'Integrations' },
  },
  {
    path: '/integrations/:key',
    name: 'integration-detail',
    component: IntegrationDetailPage,
    props: (route) => ({ integrationKey: String(route.params.key) }),
    meta: { requiresRole: 'channels_admin', title: 'Integration' },
  },
  {
    path: '/contacts',
    name: 'contacts',
    component: ContactsPage,
    meta: { title: 'Contacts' },
  },
  {
    // Runs inside the OAuth popup; public so a missing session cannot bounce it to the sign-in page.
    path: '/oauth/complete',
    name: 'oauth-complete',
    component: OAuthCompletePage,
    meta: { public: true, layout: 'bare', title: 'Connecting' },
  },
  { path: '/:notFound(.*)*', name: 'not-found', component: NotFoundPage, meta: { title: 'Page not found' } },
  // Only reached by name from the guard, which keeps the refused address in the URL.
  { path: '/:refused(.*)*', name: 'required-role', component: RequiredRolePage, meta: { title: 'Access needed' } },
];
