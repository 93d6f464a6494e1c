import { computed, onScopeDispose, ref, toValue, type MaybeRefOrGetter } from 'vue';
import { describeError, flowMessages } from '../api/messages';
import { toApiError } from '../api/http';
import { cancelFlow, getFlow } from '../api/integrations';
import type { StartedFlowResponse, FlowStatus } from '../api/schema';
import { isOAuthMessage, OAUTH_CHANNEL, openChannel } from '../lib/broadcast';
import { redirectTo } from '../lib/browser';
import { rememberReturnPath } from '../lib/returnPaths';
import { useIntegrationsStore } from '../stores/integrations';

export const POPUP_NAME = 'aurora-oauth';
export const POPUP_WIDTH = 600;
export const POPUP_HEIGHT = 700;
/** How often the flow status is asked for while the popup is open. */
export const POLL_INTERVAL_MS = 1500;
/** How often we look at popup.closed. */
export const CLOSED_CHECK_INTERVAL_MS = 500;
/** After the popup is seen closed, give the callback this long to land before asking the server. */
export const CLOSED_GRACE_MS = 1000;
/**
 * A popup that reports `closed` this soon after being sent to the provider was almost certainly
 * cut off by the provider's Cross-Origin-Opener-Policy (the browser then reports it as closed while
 * it is still on screen), not closed by a person.
 */
export const DETACHED_WINDOW_MS = 3000;
/** Used when the server's expiresAt cannot be trusted (unparsable, or our clock is ahead). */
const FALLBACK_FLOW_LIFETIME_MS = 10 * 60 * 1000;
/** Ask for the final status a moment after expiresAt, so the server has marked the flow expired. */
const EXPIRY_MARGIN_MS = 1000;

export type ConnectPhase = 'idle' | 'starting' | 'waiting' | 'redirecting';

type Timer = ReturnType<typeof setTimeout>;

/** Everything that belongs to one running flow, so it can be torn down in one place. */
interface FlowWatch {
  key: string;
  flowId: string;
  popup: Window;
  navigatedAt: number;
  settled: boolean;
  polling: boolean;
  pollAgain: boolean;
  pollTimer?: Timer;
  closedTimer?: ReturnType<typeof setInterval>;
  graceTimer?: Timer;
  expiryTimer?: Timer;
  channel: BroadcastChannel | null;
  onMessage: (event: MessageEvent) => void;
}

type FlowCheck = { kind: 'status'; status: FlowStatus } | { kind: 'fatal'; message: string } | { kind: 'retry' };

/** Opens the (still empty) popup centred over the current window. Must run inside the click handler. */
export function openCenteredPopup(): Window | null {
  const left = Math.max(0, Math.round(window.screenX + (window.outerWidth - POPUP_WIDTH) / 2));
  const top = Math.max(0, Math.round(window.screenY + (window.outerHeight - POPUP_HEIGHT) / 2));
  // No noopener: the completion page reports back through window.opener.
  return window.open('about:blank', POPUP_NAME, `popup,width=${POPUP_WIDTH},height=${POPUP_HEIGHT},left=${left},top=${top}`);
}

function closePopup(popup: Window): void {
  try {
    if (!popup.closed) popup.close();
  } catch {
    // A popup cut off by COOP can refuse; it closes itself from /oauth/complete anyway.
  }
}

function flowLifetime(expiresAt: string): number {
  const remaining = Date.parse(expiresAt) - Date.now();
  return Number.isFinite(remaining) && remaining > 0 ? remaining : FALLBACK_FLOW_LIFETIME_MS;
}

async function checkFlow(flowId: string): Promise<FlowCheck> {
  try {
    const flow = await getFlow(flowId);
    return { kind: 'status', status: flow.status };
  } catch (caught) {
    const error = toApiError(caught);
    // The flow is gone (cleaned up after expiry, or cancelled from another tab).
    if (error.status === 404) return { kind: 'status', status: 'expired' };
    if (error.status === 401 || error.status === 403) return { kind: 'fatal', message: describeError(error) };
    // Network hiccups and 5xx: the next poll tries again.
    return { kind: 'retry' };
  }
}

/**
 * Connect an integration through an OAuth popup (DESIGN §5).
 *
 * The server is the authority on the outcome: messages from the popup (postMessage, BroadcastChannel)
 * only trigger an immediate poll of GET /integrations/flows/:flowId, and a closed popup is only taken
 * as "cancelled" once the server confirms the flow is still pending.
 */
export function useOAuthPopup(integrationKey: MaybeRefOrGetter<string>) {
  const store = useIntegrationsStore();

  const phase = ref<ConnectPhase>('idle');
  const popupBlocked = ref(false);
  /** The popup looks closed but may be open and cut off by COOP; we keep listening and polling. */
  const popupDetached = ref(false);
  const errorMessage = ref<string | null>(null);
  /** Final status of the last flow, for a success note. */
  const outcome = ref<FlowStatus | null>(null);
  const busy = computed(() => phase.value !== 'idle');

  let watch: FlowWatch | null = null;
  let disposed = false;

  function clearMessages(): void {
    errorMessage.value = null;
    outcome.value = null;
    popupBlocked.value = false;
  }

  /** Call synchronously from the click handler: browsers only allow window.open in that task. */
  function connect(): void {
    if (phase.value === 'starting' || phase.value === 'redirecting') return;
    if (watch) {
      if (!watch.popup.closed) watch.popup.focus();
      return;
    }
    clearMessages();
    const popup = openCenteredPopup();
    if (!popup || popup.closed) {
      popupBlocked.value = true;
      return;
    }
    void start(popup);
  }

  async function start(popup: Window): Promise<void> {
    const key = toValue(integrationKey);
    phase.value = 'starting';
    let flow: StartedFlowResponse;
    try {
      flow = await store.startConnect(key);
    } catch (caught) {
      closePopup(popup);
      phase.value = 'idle';
      await reportStartError(key, caught);
      return;
    }
    if (disposed || popup.closed) {
      // The page went away, or the person closed the popup before the provider page could load.
      phase.value = 'idle';
      void cancelFlow(flow.flowId).catch(() => undefined);
      if (!disposed) errorMessage.value = flowMessages.notCompleted;
      return;
    }
    popup.location.href = flow.authorizeUrl;
    watchFlow(key, flow, popup);
    // The attempt is logged as soon as it starts.
    void store.loadActivity(key, { quiet: true });
  }

  /** Fallback when popups are blocked: the whole tab goes to the provider and comes back. */
  async function continueInThisTab(): Promise<void> {
    if (busy.value) return;
    const key = toValue(integrationKey);
    clearMessages();
    phase.value = 'redirecting';
    try {
      const flow = await store.startConnect(key);
      rememberReturnPath(flow.flowId, `/integrations/${encodeURIComponent(key)}`);
      redirectTo(flow.authorizeUrl);
    } catch (caught) {
      phase.value = 'idle';
      await reportStartError(key, caught);
    }
  }

  async function reportStartError(key: string, caught: unknown): Promise<void> {
    const error = toApiError(caught);
    errorMessage.value = describeError(error);
    // 409/422 mean our picture of the integration is stale: show the real state.
    if (error.code === 'already_connected' || error.code === 'not_configured') await store.refresh(key);
  }

  function watchFlow(key: string, flow: StartedFlowResponse, popup: Window): void {
    const current: FlowWatch = {
      key,
      flowId: flow.flowId,
      popup,
      navigatedAt: Date.now(),
      settled: false,
      polling: false,
      pollAgain: false,
      channel: openChannel(OAUTH_CHANNEL),
      onMessage: (event) => {
        // Only our own origin, only the popup we opened, only this flow.
        if (event.origin !== window.location.origin) return;
        if (event.source !== current.popup) return;
        if (!isOAuthMessage(event.data) || event.data.flowId !== current.flowId) return;
        void poll(current);
      },
    };
    watch = current;
    phase.value = 'waiting';
    popupDetached.value = false;

    window.addEventListener('message', current.onMessage);
    if (current.channel) {
      current.channel.onmessage = (event: MessageEvent) => {
        if (isOAuthMessage(event.data) && event.data.flowId === current.flowId) void poll(current);
      };
    }
    schedulePoll(current);
    current.closedTimer = setInterval(() => checkClosed(current), CLOSED_CHECK_INTERVAL_MS);
    current.expiryTimer = setTimeout(() => void expire(current), flowLifetime(flow.expiresAt) + EXPIRY_MARGIN_MS);
  }

  function schedulePoll(current: FlowWatch): void {
    clearTimeout(current.pollTimer);
    current.pollTimer = setTimeout(() => void poll(current), POLL_INTERVAL_MS);
  }

  async function poll(current: FlowWatch): Promise<void> {
    if (current.settled) return;
    if (current.polling) {
      current.pollAgain = true;
      return;
    }
    current.polling = true;
    clearTimeout(current.pollTimer);
    const check = await checkFlow(current.flowId);
    current.polling = false;
    if (current.settled) return;

    if (check.kind === 'fatal') return fail(current, check.message);
    if (check.kind === 'status' && check.status !== 'pending') return finish(current, check.status);
    if (current.pollAgain) {
      current.pollAgain = false;
      return poll(current);
    }
    schedulePoll(current);
  }

  function checkClosed(current: FlowWatch): void {
    if (current.settled || !current.popup.closed) return;
    clearInterval(current.closedTimer);
    const detached = Date.now() - current.navigatedAt < DETACHED_WINDOW_MS || !document.hasFocus();
    if (detached) {
      // Probably still open behind a COOP wall: keep polling and listening on BroadcastChannel.
      popupDetached.value = true;
      return;
    }
    current.graceTimer = setTimeout(() => void confirmClosed(current), CLOSED_GRACE_MS);
  }

  /** The popup was closed: only the server can say whether that was before or after authorizing. */
  async function confirmClosed(current: FlowWatch): Promise<void> {
    if (current.settled) return;
    const check = await checkFlow(current.flowId);
    if (current.settled) return;
    if (check.kind === 'fatal') return fail(current, check.message);
    if (check.kind === 'status' && check.status !== 'pending') return finish(current, check.status);
    await abandon(current, flowMessages.notCompleted);
  }

  async function expire(current: FlowWatch): Promise<void> {
    if (current.settled) return;
    const check = await checkFlow(current.flowId);
    if (current.settled) return;
    if (check.kind === 'status' && check.status !== 'pending') return finish(current, check.status);
    await abandon(current, flowMessages.expired);
  }

  /** Person-initiated: stop waiting and cancel the flow on the server. */
  async function cancel(): Promise<void> {
    const current = watch;
    if (!current) return;
    await abandon(current, null);
  }

  /** Ends a flow that is still pending: cancel it server-side, then double-check we did not race a success. */
  async function abandon(current: FlowWatch, message: string | null): Promise<void> {
    settle(current);
    closePopup(current.popup);
    try {
      await cancelFlow(current.flowId);
    } catch {
      // Best effort: an uncancelled flow simply expires on the server.
    }
    const after = await checkFlow(current.flowId);
    if (after.kind === 'status' && after.status === 'connected') {
      await succeed(current.key);
      return;
    }
    phase.value = 'idle';
    outcome.value = null;
    errorMessage.value = message;
    if (!disposed) await store.refresh(current.key);
  }

  async function finish(current: FlowWatch, status: Exclude<FlowStatus, 'pending'>): Promise<void> {
    settle(current);
    closePopup(current.popup);
    if (status === 'connected') {
      await succeed(current.key);
      return;
    }
    phase.value = 'idle';
    outcome.value = status;
    errorMessage.value = flowMessages[status];
    // The attempt is in the activity log now.
    if (!disposed) await store.refresh(current.key);
  }

  async function succeed(key: string): Promise<void> {
    phase.value = 'idle';
    errorMessage.value = null;
    outcome.value = 'connected';
    if (!disposed) await store.markChanged(key);
  }

  function fail(current: FlowWatch, message: string): void {
    settle(current);
    closePopup(current.popup);
    phase.value = 'idle';
    errorMessage.value = message;
  }

  /** Stops every listener and timer of a flow; later callbacks see `settled` and do nothing. */
  function settle(current: FlowWatch): void {
    current.settled = true;
    clearTimeout(current.pollTimer);
    clearInterval(current.closedTimer);
    clearTimeout(current.graceTimer);
    clearTimeout(current.expiryTimer);
    window.removeEventListener('message', current.onMessage);
    if (current.channel) {
      current.channel.onmessage = null;
      current.channel.close();
      current.channel = null;
    }
    if (watch === current) watch = null;
    popupDetached.value = false;
  }

  function showPopup(): void {
    if (watch && !watch.popup.closed) watch.popup.focus();
  }

  function dismiss(): void {
    clearMessages();
  }

  /** Shows the result of a flow finished elsewhere (the same-tab fallback comes back with it). */
  function reportOutcome(status: Exclude<FlowStatus, 'pending'>): void {
    outcome.value = status;
    errorMessage.value = status === 'connected' ? null : flowMessages[status];
  }

  onScopeDispose(() => {
    disposed = true;
    // Leaving the page does not cancel: the popup can still finish, and other tabs hear about it.
    if (watch) settle(watch);
  });

  return {
    phase,
    busy,
    popupBlocked,
    popupDetached,
    errorMessage,
    outcome,
    connect,
    continueInThisTab,
    cancel,
    showPopup,
    dismiss,
    reportOutcome,
  };
}
