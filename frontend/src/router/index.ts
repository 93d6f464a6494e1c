import type { Pinia } from 'pinia';
import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router';
import { installGuards } from './guards';
import { routes } from './routes';

export function createAppRouter(options: { pinia: Pinia; history?: RouterHistory }): Router {
  const router = createRouter({
    history: options.history ?? createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, savedPosition) => savedPosition ?? { top: 0 },
  });
  installGuards(router, options.pinia);
  return router;
}
