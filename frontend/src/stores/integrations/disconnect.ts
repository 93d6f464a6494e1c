import { ref } from 'vue';
import { toApiError, type ApiError } from '../../api/http';

/** The disconnect confirmation of one integration (DESIGN §6). */
export interface DisconnectDialog {
  open: boolean;
  /** The DELETE is running: the dialog cannot be closed. */
  pending: boolean;
  /** Why the last attempt failed; the connection is still there. */
  error: ApiError | null;
}

const CLOSED: DisconnectDialog = { open: false, pending: false, error: null };

/** The dialog part of the integrations store; it outlives the page like the connect state does. */
export function createDisconnectDialogs(disconnect: (key: string) => Promise<void>) {
  const dialogs = ref<Record<string, DisconnectDialog>>({});

  function disconnectDialogOf(key: string): DisconnectDialog {
    return dialogs.value[key] ?? CLOSED;
  }

  function openDisconnect(key: string): void {
    dialogs.value[key] = { open: true, pending: false, error: null };
  }

  function closeDisconnect(key: string): void {
    if (!disconnectDialogOf(key).pending) dialogs.value[key] = CLOSED;
  }

  /** True once disconnected; on failure the dialog stays open with the error. */
  async function confirmDisconnect(key: string): Promise<boolean> {
    if (disconnectDialogOf(key).pending) return false;
    dialogs.value[key] = { open: true, pending: true, error: null };
    try {
      await disconnect(key);
    } catch (caught) {
      dialogs.value[key] = { open: true, pending: false, error: toApiError(caught) };
      return false;
    }
    dialogs.value[key] = CLOSED;
    return true;
  }

  function resetDisconnects(): void {
    dialogs.value = {};
  }

  return { dialogs, disconnectDialogOf, openDisconnect, closeDisconnect, confirmDisconnect, resetDisconnects };
}
