import { defineAsyncComponent, type Component } from 'vue';
import IntegrationConnectionDetails from './IntegrationConnectionDetails.vue';

/**
 * The content shown under an integration's header, by integration key. Components here receive
 * `integration`, `activity` and `activityState` and may emit `retry-activity`. Integrations without
 * their own entry use the generic connection details; Facebook Lead Ads, Slack and Google Sheets get their own, loaded
 * in its own chunk only when its page opens, so every other detail page skips its weight.
 */
const contentByKey: Partial<Record<string, Component>> = {
  'facebook-lead-ads': defineAsyncComponent(() => import('../facebook-lead-ads/FacebookLeadAdsPanel.vue')),
  slack: defineAsyncComponent(() => import('../destinations/SlackLeadAlertsPanel.vue')),
  'google-sheets': defineAsyncComponent(() => import('../destinations/GoogleSheetsLeadRowsPanel.vue')),
};

export function integrationContentFor(key: string): Component {
  return contentByKey[key] ?? IntegrationConnectionDetails;
}

/** What else a disconnect removes, for integrations that keep settings on the connection. */
const disconnectNoteByKey: Partial<Record<string, string>> = {
  // Form connections are deleted with the connection (ON DELETE CASCADE).
  'facebook-lead-ads':
    'Your lead form connections and their field mappings are removed too. After connecting again, choose the forms to import again.',
};

export function disconnectNoteFor(key: string): string | null {
  return disconnectNoteByKey[key] ?? null;
}
