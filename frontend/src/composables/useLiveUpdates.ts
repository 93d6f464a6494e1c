import { storeToRefs } from 'pinia';
import { onScopeDispose, watch } from 'vue';
import type { EventResponse } from '../api/schema';
import { LiveEvents } from '../lib/liveEvents';
import { useContactsStore } from '../stores/contacts';
import { useIntegrationsStore } from '../stores/integrations';
import { useLeadAdsStore } from '../stores/leadAds';
import { useSessionStore } from '../stores/session';

const LEAD_ADS_KEY = 'facebook-lead-ads';

/**
 * One live stream per signed-in Channels Administrator (DESIGN §12): what another admin, another device
 * or an arriving lead changes shows up here without a reload. Call once, in the app's root.
 */
export function useLiveUpdates(): void {
  const { user, isChannelsAdmin } = storeToRefs(useSessionStore());
  const integrations = useIntegrationsStore();
  const contacts = useContactsStore();
  const leadAds = useLeadAdsStore();

  function apply(event: EventResponse): void {
    switch (event.type) {
      case 'connection.connected':
      case 'connection.reconnected':
      case 'connection.disconnected':
      case 'connection.reauth_required':
      case 'connection.health_changed': {
        const key = event.data.integrationKey;
        if (typeof key === 'string') void integrations.refresh(key);
        // A lead form turned blocked or readable again, or the user token's state changed.
        if (key === LEAD_ADS_KEY) void leadAds.refreshConnections();
        return;
      }
      case 'form_connection.saved':
      case 'form_connection.removed':
        void integrations.refresh(LEAD_ADS_KEY);
        void leadAds.refreshConnections();
        return;
      case 'lead.received':
        void contacts.refresh();
        return;
    }
  }

  const live = new LiveEvents({
    onEvent: apply,
    onResync: () => {
      void integrations.refreshShown();
      void leadAds.refreshConnections();
      void contacts.refresh();
    },
  });

  // A new person signing in gets a stream of their own account, never the previous one's.
  watch(
    () => (isChannelsAdmin.value ? user.value?.id : undefined),
    (signedIn) => {
      live.stop();
      if (signedIn) live.start();
    },
    { immediate: true },
  );
  onScopeDispose(() => live.stop());
}
