import { defineAsyncComponent, type Component } from 'vue';
import IntegrationConnectionDetails from './IntegrationConnectionDetails.vue';

/**
 * The content shown under an integration's header, by integration key. Components here receive
 * `integration`, `activity` and `activityState` and may emit `retry-activity`. Integrations without
 * their own entry use the generic connection details; Facebook Lead Ads gets its own component, loaded
 * in its own chunk only when its page opens, so every other detail page skips its weight.
 */
const contentByKey: Partial<Record<string, Component>> = {
  'facebook-lead-ads': defineAsyncComponent(() => import('../facebook-lead-ads/FacebookLeadAdsPanel.vue')),
};

export function integrationContentFor(key: string): Component {
  return contentByKey[key] ?? IntegrationConnectionDetails;
}
