import { toApiError, type ApiError } from '../api/http';
import { cancelFlow, getFlow } from '../api/integrations';
import type { FlowStatus } from '../api/schema';
import { isOAuthMessage, OAUTH_CHANNEL, openChannel } from './broadcast';

// The browser half of the connect flow (DESIGN §5), free of Vue: open the popup, then watch one flow
// until the server says how it ended. The server is the authority: messages from the popup
// (postMessage, BroadcastChannel) only trigger an immediate poll of GET /integrations/flows/:flowId,
// and a closed popup counts as "not completed" only once the server confirms the flow is still pending.

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

export type FinalStatus = Exclude<FlowStatus, 'pending'>;

/** How watching a flow ended. */
export type FlowOutcome =
  /** The server's verdict (after a person cancels or the popup closes, it may still be `connected`). */
  | { kind: 'finished'; status: FinalStatus }
  /** Still pending when the popup was closed or the flow ran out of time; it was cancelled on the server. */
  | { kind: 'abandoned'; reason: 'closed' | 'expired' }
  /** The server would not say (signed out, role lost): nothing more can be learned here. */
  | { kind: 'refused'; error: ApiError }
  /** The caller's signal ended the watch; the popup may still finish and other tabs hear about it. */
  | { kind: 'stopped' };

export interface WatchOptions {
  signal: AbortSignal;
  expiresAt: string;
  /** The popup looks closed but is probably open behind a COOP wall; watching goes on. */
  onDetached?: () => void;
  /**
   * A detached popup's flow is still pending after the grace: most likely a person closed it early.
   * Watching goes on (a COOP-detached popup can still finish), but the person may start again.
   */
  onClosedEarly?: () => void;
}

type FlowCheck = { kind: 'status'; status: FlowStatus } | { kind: 'refused'; error: ApiError } | { kind: 'retry' };

/** Opens the (still empty) popup centred over the current window. Must run inside the click handler. */
export function openCenteredPopup(): Window | null {
  const left = Math.max(0, Math.round(window.screenX + (window.outerWidth - POPUP_WIDTH) / 2));
  const top = Math.max(0, Math.round(window.screenY + (window.outerHeight - POPUP_HEIGHT) / 2));
  // No noopener: the completion page reports back through window.opener.
  return window.open('about:blank', POPUP_NAME, `popup,width=${POPUP_WIDTH},height=${POPUP_HEIGHT},left=${left},top=${top}`);
}

export function closePopup(popup: Window): void {
  try {
    if (!popup.closed) popup.close();
  } catch {
    // A popup cut off by COOP can refuse; it closes itself from /oauth/complete anyway.
  }
}

async function checkFlow(flowId: string): Promise<FlowCheck> {
  try {
    return { kind: 'status', status: (await getFlow(flowId)).status };
  } catch (caught) {
    const error = toApiError(caught);
    // The flow is gone (cleaned up after expiry, or cancelled from another tab).
    if (error.status === 404) return { kind: 'status', status: 'expired' };
    if (error.status === 401 || error.status === 403) return { kind: 'refused', error };
    // Network hiccups and 5xx: the next poll tries again.
    return { kind: 'retry' };
  }
}

/** Ends a flow that is still pending: cancel it server-side, then double-check we did not race a success. */
export async function abandonFlow(flowId: string): Promise<'connected' | 'cancelled'> {
  try {
    await cancelFlow(flowId);
  } catch {
    // Best effort: an uncancelled flow simply expires on the server.
  }
  const after = await checkFlow(flowId);
  return after.kind === 'status' && after.status === 'connected' ? 'connected' : 'cancelled';
}

/** Runs `task` after `ms` unless `signal` ends first; returns a function that cancels just this one. */
function after(ms: number, signal: AbortSignal, task: () => void): () => void {
  const clear = () => clearTimeout(timer);
  const timer = setTimeout(() => {
    signal.removeEventListener('abort', clear);
    task();
  }, ms);
  signal.addEventListener('abort', clear, { once: true });
  return () => {
    clear();
    signal.removeEventListener('abort', clear);
  };
}

function flowLifetime(expiresAt: string): number {
  const remaining = Date.parse(expiresAt) - Date.now();
  return Number.isFinite(remaining) && remaining > 0 ? remaining : FALLBACK_FLOW_LIFETIME_MS;
}

type Verdict =
  | { kind: 'status'; status: FinalStatus }
  | { kind: 'refused'; error: ApiError }
  | { kind: 'pending'; reason: 'closed' | 'expired' };

/**
 * Watches one flow whose popup was just sent to the provider, until the server has the last word.
 * Every listener and timer hangs off one AbortController: the verdict, or `options.signal`, ends them all.
 */
export async function watchFlow(flowId: string, popup: Window, options: WatchOptions): Promise<FlowOutcome> {
  const watching = new AbortController();
  const { signal } = watching;
  const stop = () => watching.abort();
  options.signal.addEventListener('abort', stop, { once: true });
  if (options.signal.aborted) stop();
  const navigatedAt = Date.now();

  const verdict = await new Promise<Verdict | null>((resolve) => {
    signal.addEventListener('abort', () => resolve(null), { once: true });
    const decide = (decision: Verdict) => {
      resolve(decision);
      stop();
    };
    const asFinal = (check: FlowCheck): Verdict | null => {
      if (check.kind === 'refused') return check;
      return check.kind === 'status' && check.status !== 'pending' ? { kind: 'status', status: check.status } : null;
    };

    let polling = false;
    let pollAgain = false;
    let cancelNextPoll = () => {};
    const poll = async (): Promise<void> => {
      if (polling) {
        pollAgain = true;
        return;
      }
      polling = true;
      cancelNextPoll();
      const check = await checkFlow(flowId);
      polling = false;
      if (signal.aborted) return;
      const final = asFinal(check);
      if (final) return decide(final);
      if (pollAgain) {
        pollAgain = false;
        return poll();
      }
      cancelNextPoll = after(POLL_INTERVAL_MS, signal, () => void poll());
    };

    // Only our own origin, only the popup we opened, only this flow.
    window.addEventListener(
      'message',
      (event: MessageEvent) => {
        if (event.origin !== window.location.origin || event.source !== popup) return;
        if (isOAuthMessage(event.data) && event.data.flowId === flowId) void poll();
      },
      { signal },
    );
    const channel = openChannel(OAUTH_CHANNEL);
    if (channel) {
      channel.onmessage = (event: MessageEvent) => {
        if (isOAuthMessage(event.data) && event.data.flowId === flowId) void poll();
      };
      signal.addEventListener('abort', () => channel.close(), { once: true });
    }

    cancelNextPoll = after(POLL_INTERVAL_MS, signal, () => void poll());

    /** The popup was closed: only the server can say whether that was before or after authorizing. */
    const confirmClosed = async () => {
      const check = await checkFlow(flowId);
      if (!signal.aborted) decide(asFinal(check) ?? { kind: 'pending', reason: 'closed' });
    };
    const closedCheck = setInterval(() => {
      if (!popup.closed) return;
      clearInterval(closedCheck);
      if (Date.now() - navigatedAt < DETACHED_WINDOW_MS || !document.hasFocus()) {
        // Closed early, or still open behind a COOP wall: keep polling and listening on BroadcastChannel,
        // and once the server confirms nothing happened, let the person start again.
        options.onDetached?.();
        after(CLOSED_GRACE_MS, signal, () => {
          void checkFlow(flowId).then((check) => {
            if (signal.aborted) return;
            const final = asFinal(check);
            if (final) decide(final);
            else options.onClosedEarly?.();
          });
        });
        return;
      }
      after(CLOSED_GRACE_MS, signal, () => void confirmClosed());
    }, CLOSED_CHECK_INTERVAL_MS);
    signal.addEventListener('abort', () => clearInterval(closedCheck), { once: true });

    after(flowLifetime(options.expiresAt) + EXPIRY_MARGIN_MS, signal, () => {
      void checkFlow(flowId).then((check) => {
        if (signal.aborted) return;
        // Unlike a closed popup, running out of time ends the flow even when the server would not say.
        if (check.kind === 'status' && check.status !== 'pending') decide({ kind: 'status', status: check.status });
        else decide({ kind: 'pending', reason: 'expired' });
      });
    });
  });

  options.signal.removeEventListener('abort', stop);
  if (!verdict) return { kind: 'stopped' };
  closePopup(popup);
  if (verdict.kind === 'status') return { kind: 'finished', status: verdict.status };
  if (verdict.kind === 'refused') return verdict;
  return (await abandonFlow(flowId)) === 'connected'
    ? { kind: 'finished', status: 'connected' }
    : { kind: 'abandoned', reason: verdict.reason };
}
