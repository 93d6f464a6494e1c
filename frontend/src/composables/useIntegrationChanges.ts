import { onScopeDispose } from 'vue';
import { INTEGRATIONS_CHANNEL, isIntegrationChangedMessage, openChannel, tabId } from '../lib/broadcast';
import { useIntegrationsStore } from '../stores/integrations';

/** Refreshes this tab when another tab (or an OAuth popup) reports that an integration changed. */
export function useIntegrationChanges(): void {
  const store = useIntegrationsStore();
  const channel = openChannel(INTEGRATIONS_CHANNEL);
  if (!channel) return;
  channel.onmessage = (event: MessageEvent) => {
    if (!isIntegrationChangedMessage(event.data) || event.data.sender === tabId) return;
    void store.refresh(event.data.key);
  };
  onScopeDispose(() => {
    channel.onmessage = null;
    channel.close();
  });
}
