import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { openCenteredPopup } from '../lib/oauthPopup';
import { isConnectBusy, type ConnectOptions } from '../stores/integrations/connect';
import { useIntegrationsStore } from '../stores/integrations';

/**
 * Binds a Connect button to the integrations store, which runs the attempt (DESIGN §5). What stays
 * here is the one thing a store cannot do later: open the popup synchronously in the click handler,
 * the only moment browsers allow window.open without blocking it.
 */
export function useOAuthPopup(integrationKey: MaybeRefOrGetter<string>) {
  const store = useIntegrationsStore();
  const state = computed(() => store.connectStateOf(toValue(integrationKey)));
  const busy = computed(() => isConnectBusy(state.value));

  /** Call from the click handler itself, before anything is awaited. */
  function connect(options: ConnectOptions = {}): void {
    const key = toValue(integrationKey);
    const current = store.connectStateOf(key);
    if (current.phase === 'starting') return;
    if (current.phase === 'waiting') return store.showPopup(key);
    void store.connect(key, openCenteredPopup(), options);
  }

  /** Re-consent over the live connection: renews the token, asks again for declined permissions. */
  function reconnect(): void {
    connect({ reconnect: true });
  }

  return { state, busy, connect, reconnect };
}
