import type { Pinia } from 'pinia';
import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router';
import { onUnauthorized } from '../api/http';
import { isSafeAppPath } from '../lib/returnPaths';
import { useSessionStore } from '../stores/session';

const appName = 'Aurora Inbox';

function cameFromHome(to: RouteLocationNormalized): boolean {
  return to.redirectedFrom?.name === 'home';
}

export function installGuards(router: Router, pinia: Pinia): void {
  router.beforeEach(async (to): Promise<true | RouteLocationRaw> => {
    const session = useSessionStore(pinia);

    if (to.meta.public) {
      if (to.name !== 'login') return true;
      await session.ensureLoaded();
      if (!session.isSignedIn) return true;
      const redirect = to.query.redirect;
      return isSafeAppPath(redirect) && !redirect.startsWith('/login') ? redirect : { name: 'home' };
    }

    await session.ensureLoaded();
    if (!session.isSignedIn) {
      return { name: 'login', query: cameFromHome(to) ? {} : { redirect: to.fullPath } };
    }

    const role = to.meta.requiresRole;
    if (role && !session.hasRole(role)) {
      // Opening the app sends agents to what they can use rather than to a refusal.
      if (cameFromHome(to)) return { name: 'contacts', replace: true };
      // Same URL, different page: the person sees which role they lack where they asked for it.
      return {
        name: 'required-role',
        params: { refused: to.path.split('/').filter(Boolean) },
        query: to.query,
        hash: to.hash,
        replace: true,
      };
    }
    return true;
  });

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · ${appName}` : appName;
  });

  // A request answered 401 mid-session: the session expired or was revoked elsewhere.
  onUnauthorized(() => {
    const session = useSessionStore(pinia);
    if (!session.isSignedIn) return;
    session.endSession();
    const current = router.currentRoute.value;
    if (!current.meta.public) void router.replace({ name: 'login', query: { redirect: current.fullPath } });
  });
}
