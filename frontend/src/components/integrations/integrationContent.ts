import type { Component } from 'vue';
import FacebookLeadAdsPanel from '../facebook-lead-ads/FacebookLeadAdsPanel.vue';
import IntegrationConnectionDetails from './IntegrationConnectionDetails.vue';

/**
 * The content shown under an integration's header, by integration key. Components here receive
 * `integration`, `activity` and `activityState` and may emit `retry-activity`. Integrations without
 * their own entry use the generic connection details; Facebook Lead Ads gets its own component.
 */
const contentByKey: Partial<Record<string, Component>> = { 'facebook-lead-ads': FacebookLeadAdsPanel };

export function integrationContentFor(key: string): Component {
  return contentByKey[key] ?? IntegrationConnectionDetails;
}
