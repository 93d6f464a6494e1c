import { ref } from 'vue';
import { getFlow } from '../api/integrations';
import type { FlowStatus } from '../api/schema';
import { broadcast, INTEGRATIONS_CHANNEL, OAUTH_CHANNEL, OAUTH_MESSAGE_TYPE, tabId, type OAuthMessage } from '../lib/broadcast';
import { closeCurrentWindow } from '../lib/browser';
import { takeReturnPath } from '../lib/returnPaths';

/** How long to wait for window.close() to take effect before telling the person to close it. */
export const CLOSE_FALLBACK_MS = 300;

const knownStatuses: readonly string[] = ['pending', 'connected', 'denied', 'failed', 'expired'];

function asFlowStatus(value: unknown): FlowStatus | null {
  return typeof value === 'string' && knownStatuses.includes(value) ? (value as FlowStatus) : null;
}

export interface CompletionInput {
  flowId: string | null;
  /** `status` from the query string: used only when the server cannot be asked. */
  queryStatus: unknown;
}

/**
 * The end of the OAuth round trip, running in the popup (or in the tab, for the same-tab fallback):
 * reports the flow's status to the opener and to every tab, then closes itself or goes back.
 */
export function useOAuthComplete() {
  const status = ref<FlowStatus | null>(null);
  const integrationKey = ref<string | null>(null);
  /** The server's sentence for a failure the status cannot say (a reconnect as another account). */
  const failureMessage = ref<string | null>(null);
  /** The window could not close itself: show "You can close this window." */
  const stayOpen = ref(false);

  async function complete(input: CompletionInput, navigate: (path: string, status: FlowStatus | null) => void) {
    const { flowId } = input;
    if (!flowId) {
      stayOpen.value = true;
      return;
    }

    try {
      const flow = await getFlow(flowId);
      status.value = flow.status;
      integrationKey.value = flow.integration;
      failureMessage.value = flow.message ?? null;
    } catch {
      // Signed out in this window, or the server is unreachable: the opener still polls.
      status.value = asFlowStatus(input.queryStatus);
    }

    const message: OAuthMessage = { type: OAUTH_MESSAGE_TYPE, flowId, status: status.value ?? 'unknown' };
    const opener = window.opener as Window | null;
    if (opener && !opener.closed) {
      try {
        opener.postMessage(message, window.location.origin);
      } catch {
        // An opener on another origin rejects the message; BroadcastChannel and polling remain.
      }
    }
    broadcast(OAUTH_CHANNEL, message);
    if (status.value === 'connected' && integrationKey.value) {
      broadcast(INTEGRATIONS_CHANNEL, { type: 'integration-changed', key: integrationKey.value, sender: tabId });
    }

    const returnPath = takeReturnPath(flowId);
    if (!opener && returnPath) {
      navigate(returnPath, status.value);
      return;
    }

    closeCurrentWindow();
    setTimeout(() => {
      stayOpen.value = true;
    }, CLOSE_FALLBACK_MS);
  }

  return { status, integrationKey, failureMessage, stayOpen, complete };
}
