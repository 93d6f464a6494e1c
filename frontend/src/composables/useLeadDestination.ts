import { ref } from 'vue';
import type { ApiError } from '../api/http';
import { toApiError } from '../api/http';
import { type DestinationSettings, getDestination, listDeliveries, saveDestination, sendTest } from '../api/leadDestinations';
import type { LeadDeliveryResponse, LeadDestinationResponse } from '../api/schema';

/**
 * One lead destination's settings, status and delivery list for its content area; save and "send a
 * test" report their outcome as a message the component shows next to the button.
 */
export function useLeadDestination(key: string) {
  const destination = ref<LeadDestinationResponse | null>(null);
  const deliveries = ref<LeadDeliveryResponse[]>([]);
  const loadError = ref<ApiError | null>(null);
  const saving = ref(false);
  const testing = ref(false);
  const outcome = ref<{ tone: 'success' | 'error'; text: string } | null>(null);

  async function load(): Promise<void> {
    try {
      [destination.value, deliveries.value] = await Promise.all([getDestination(key), listDeliveries(key)]);
      loadError.value = null;
    } catch (caught) {
      loadError.value = toApiError(caught);
    }
  }

  async function save(settings: DestinationSettings): Promise<void> {
    saving.value = true;
    try {
      destination.value = await saveDestination(key, settings);
      outcome.value = { tone: 'success', text: 'Saved. New leads will be sent from now on.' };
    } catch (caught) {
      outcome.value = { tone: 'error', text: toApiError(caught).message };
    } finally {
      saving.value = false;
    }
  }

  async function test(settings: DestinationSettings, sentText: string): Promise<void> {
    testing.value = true;
    try {
      await sendTest(key, settings);
      outcome.value = { tone: 'success', text: sentText };
    } catch (caught) {
      outcome.value = { tone: 'error', text: toApiError(caught).message };
    } finally {
      testing.value = false;
    }
  }

  return { destination, deliveries, loadError, saving, testing, outcome, load, save, test };
}
