import { ref } from 'vue';
import { toApiError, type ApiError } from '../../api/http';
import * as integrationsApi from '../../api/integrations';
import type { StartedFlowResponse } from '../../api/schema';
import { redirectTo } from '../../lib/browser';
import { abandonFlow, closePopup, watchFlow, type FinalStatus, type FlowOutcome } from '../../lib/oauthPopup';
import { rememberReturnPath } from '../../lib/returnPaths';

/**
 * Why an attempt did not end connected; the notice words it. `detail`: the server's own sentence when
 * the status alone cannot say it (a reconnect that signed in as another account).
 */
export type ConnectFailure =
  { reason: 'denied' | 'failed' | 'expired' | 'not_completed'; detail?: string } | { reason: 'error'; error: ApiError };

/** `reconnect`: re-consent over a live connection (renew a token, allow declined permissions). */
export interface ConnectOptions {
  reconnect?: boolean;
}

/** One integration's connect attempt: the single value the notice and the header show. */
export type ConnectState =
  | { phase: 'idle' }
  /** The browser blocked the popup: explain, and offer to continue in this tab (as the same kind of attempt). */
  | { phase: 'blocked'; reconnect: boolean }
  /** Asking the server for a flow, to open it in the popup or in this tab. */
  | { phase: 'starting'; via: 'popup' | 'tab' }
  /** The popup is at the provider. `detached`: it no longer reports back (COOP), polling goes on. */
  | { phase: 'waiting'; flowId: string; detached: boolean }
  /**
   * The popup went away early and the server saw nothing: Connect is offered again, while the flow is
   * still watched in case the window was merely cut off by COOP and finishes anyway.
   */
  | { phase: 'closed'; flowId: string }
  | ({ phase: 'failed' } & ConnectFailure)
  | { phase: 'done' };

const IDLE: ConnectState = { phase: 'idle' };

interface StoreHooks {
  refresh(key: string): Promise<void>;
  markChanged(key: string): Promise<void>;
  loadActivity(key: string, options: { quiet: boolean }): Promise<void>;
}

/** An attempt in progress: its popup and the controller that stops watching it. */
interface Attempt {
  popup: Window;
  controller: AbortController;
}

export function isConnectBusy(state: ConnectState): boolean {
  return state.phase === 'starting' || state.phase === 'waiting';
}

/**
 * The connect part of the integrations store (DESIGN §5). It outlives the page: an attempt keeps
 * being watched while the person looks elsewhere in the app, and its result waits for them.
 */
export function createConnectFlows(hooks: StoreHooks) {
  const connects = ref<Record<string, ConnectState>>({});
  // Windows and controllers are not data: they stay out of the store's state.
  const attempts = new Map<string, Attempt>();

  function connectStateOf(key: string): ConnectState {
    return connects.value[key] ?? IDLE;
  }

  function set(key: string, state: ConnectState): void {
    connects.value[key] = state;
  }

  /** `popup` was opened by the click handler itself (`null` when the browser refused). */
  async function connect(key: string, popup: Window | null, options: ConnectOptions = {}): Promise<void> {
    const current = connectStateOf(key);
    if (isConnectBusy(current)) return;
    if (current.phase === 'closed') abandonClosed(key, current.flowId);
    if (!popup || popup.closed) return set(key, { phase: 'blocked', reconnect: options.reconnect === true });
    const attempt: Attempt = { popup, controller: new AbortController() };
    attempts.set(key, attempt);
    set(key, { phase: 'starting', via: 'popup' });
    let flow: StartedFlowResponse;
    try {
      flow = await integrationsApi.startConnect(key, options);
    } catch (caught) {
      attempts.delete(key);
      closePopup(popup);
      await failStart(key, caught);
      return;
    }
    const { signal } = attempt.controller;
    if (signal.aborted || popup.closed) {
      // The app went away, or the person closed the popup before the provider page could load.
      attempts.delete(key);
      void integrationsApi.cancelFlow(flow.flowId).catch(() => undefined);
      if (!signal.aborted) set(key, { phase: 'failed', reason: 'not_completed' });
      return;
    }
    popup.location.href = flow.authorizeUrl;
    const { flowId } = flow;
    set(key, { phase: 'waiting', flowId, detached: false });
    // The attempt is logged as soon as it starts.
    void hooks.loadActivity(key, { quiet: true });
    const outcome = await watchFlow(flowId, popup, {
      signal,
      expiresAt: flow.expiresAt,
      onDetached: () => set(key, { phase: 'waiting', flowId, detached: true }),
      onClosedEarly: () => set(key, { phase: 'closed', flowId }),
    });
    // Cancelled or stopped meanwhile: that path has already said how the attempt ends.
    if (attempts.get(key) !== attempt) return;
    attempts.delete(key);
    await settle(key, flowId, outcome);
  }

  async function settle(key: string, flowId: string, outcome: FlowOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'stopped':
        return;
      case 'refused':
        return set(key, { phase: 'failed', reason: 'error', error: outcome.error });
      case 'finished':
        if (outcome.status === 'connected') return succeed(key);
        set(key, { phase: 'failed', reason: outcome.status, ...(await failureDetail(flowId, outcome.status)) });
        break;
      case 'abandoned':
        // A window already reported closed early that then runs out of time: it was never finished.
        set(key, {
          phase: 'failed',
          reason: outcome.reason === 'closed' || connectStateOf(key).phase === 'closed' ? 'not_completed' : 'expired',
        });
        break;
    }
    // The attempt is in the activity log now.
    await hooks.refresh(key);
  }

  /** The popup reports only a status; the server's sentence for a failure is read once from the flow. */
  async function failureDetail(flowId: string, status: FinalStatus): Promise<{ detail?: string }> {
    if (status !== 'failed') return {};
    const message = await integrationsApi.getFlow(flowId).then(
      (flow) => flow.message,
      () => undefined,
    );
    return message ? { detail: message } : {};
  }

  async function succeed(key: string): Promise<void> {
    set(key, { phase: 'done' });
    await hooks.markChanged(key);
  }

  async function failStart(key: string, caught: unknown): Promise<void> {
    const error = toApiError(caught);
    set(key, { phase: 'failed', reason: 'error', error });
    // 409/422 mean our picture of the integration is stale: show the real state.
    if (error.code === 'already_connected' || error.code === 'not_configured') await hooks.refresh(key);
  }

  /** Fallback when popups are blocked: the whole tab goes to the provider and comes back. */
  async function continueInThisTab(key: string): Promise<void> {
    const current = connectStateOf(key);
    if (isConnectBusy(current)) return;
    const reconnect = current.phase === 'blocked' && current.reconnect;
    set(key, { phase: 'starting', via: 'tab' });
    try {
      const flow = await integrationsApi.startConnect(key, { reconnect });
      rememberReturnPath(flow.flowId, `/integrations/${encodeURIComponent(key)}`);
      redirectTo(flow.authorizeUrl);
    } catch (caught) {
      await failStart(key, caught);
    }
  }

  /** A new attempt replaces one whose window closed early: stop watching it and cancel it on the server. */
  function abandonClosed(key: string, flowId: string): void {
    attempts.get(key)?.controller.abort();
    attempts.delete(key);
    void integrationsApi.cancelFlow(flowId).catch(() => undefined);
    set(key, IDLE);
  }

  /** Person-initiated: stop waiting and cancel the flow on the server. */
  async function cancelConnect(key: string): Promise<void> {
    const state = connectStateOf(key);
    const attempt = attempts.get(key);
    if (state.phase !== 'waiting' || !attempt) return;
    attempts.delete(key);
    attempt.controller.abort();
    closePopup(attempt.popup);
    if ((await abandonFlow(state.flowId)) === 'connected') return succeed(key);
    set(key, IDLE);
    await hooks.refresh(key);
  }

  function showPopup(key: string): void {
    const popup = attempts.get(key)?.popup;
    if (popup && !popup.closed) popup.focus();
  }

  /** Clears a message (blocked, failed, connected); an attempt in progress goes on. */
  function dismissConnect(key: string): void {
    const state = connectStateOf(key);
    if (state.phase === 'closed') abandonClosed(key, state.flowId);
    else if (!isConnectBusy(state)) set(key, IDLE);
  }

  /** Shows the result of a flow finished elsewhere (the same-tab fallback comes back with it). */
  function reportConnectOutcome(key: string, status: FinalStatus): void {
    set(key, status === 'connected' ? { phase: 'done' } : { phase: 'failed', reason: status });
  }

  /**
   * The app is going away (or the session ended): stop polling and listening. This does not cancel:
   * the popup can still finish, and other tabs hear about it.
   */
  function stopWatching(): void {
    for (const [key, attempt] of attempts) {
      attempt.controller.abort();
      const state = connectStateOf(key);
      if (isConnectBusy(state) || state.phase === 'closed') set(key, IDLE);
    }
    attempts.clear();
  }

  function resetConnects(): void {
    stopWatching();
    connects.value = {};
  }

  return {
    connects,
    connectStateOf,
    connect,
    continueInThisTab,
    cancelConnect,
    showPopup,
    dismissConnect,
    reportConnectOutcome,
    stopWatching,
    resetConnects,
  };
}
