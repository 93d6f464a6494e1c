import type { OutgoingHttpHeaders } from 'node:http';
import { cspHash } from '../../common/security-headers';
import { SANDBOX_USER } from './account-api';

export const APP_NAME = 'Aurora Inbox';

export interface ConsentPageInput {
  providerName: string;
  scopes: readonly string[];
  requestId: string;
  /** Path of the decision endpoint. */
  action: string;
  /** Origin the user is sent back to, shown so they know where they are going. */
  returnOrigin: string;
}

export interface ProviderListing {
  key: string;
  name: string;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#eef1f6;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433}
main{width:min(440px,100% - 32px);background:#fff;border-radius:12px;box-shadow:0 8px 28px rgba(20,30,60,.12);padding:28px}
h1{font-size:1.3rem;margin:0 0 12px}
.notice{margin:0 0 20px;padding:8px 12px;border-radius:8px;background:#fff6db;color:#6b4e00;font-size:.85rem}
.user{margin:0 0 16px;color:#4a5468}
ul{margin:8px 0 20px;padding-left:20px}
code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f3f5f9;padding:1px 5px;border-radius:4px}
.muted{color:#6b7385;font-size:.85rem}
.actions{display:flex;gap:12px;justify-content:flex-end;margin-top:24px}
button{font:inherit;font-weight:600;padding:9px 20px;border-radius:8px;border:1px solid #c5ccd8;background:#fff;color:#1d2433;cursor:pointer}
button.primary{background:#2457d6;border-color:#2457d6;color:#fff}
button:focus-visible{outline:3px solid #9db8ff;outline-offset:2px}
`;

/** The pages' one inline style, allowed by the sandbox's CSP under this hash (no 'unsafe-inline'). */
export const PAGE_STYLE_HASH = cspHash(STYLE);

/**
 * Headers of every sandbox page besides the security headers all its responses carry. COOP is optional
 * because its effect on the opener is what the app must survive.
 */
export function pageHeaders(coop: boolean): OutgoingHttpHeaders {
  return { 'Cache-Control': 'no-store', ...coopHeader(coop) };
}

export function coopHeader(coop: boolean): OutgoingHttpHeaders {
  return coop ? { 'Cross-Origin-Opener-Policy': 'same-origin' } : {};
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function renderConsentPage(input: ConsentPageInput): string {
  const provider = escapeHtml(input.providerName);
  const scopes = input.scopes.length
    ? `<ul>${input.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('')}</ul>`
    : '<p class="muted">No specific permissions were requested.</p>';
  return layout(
    `Sign in to ${input.providerName} (Sandbox)`,
    `<p class="notice" role="note">Sandbox provider: a local stand-in for ${provider}. No real account or data is used.</p>
<h1>Sign in to ${provider} (Sandbox)</h1>
<p class="user">Signed in as <strong>${escapeHtml(SANDBOX_USER.name)}</strong> &lt;${escapeHtml(SANDBOX_USER.email)}&gt;</p>
<p><strong>${APP_NAME}</strong> wants to access your ${provider} account with these permissions:</p>
${scopes}
<p class="muted">You will be returned to ${escapeHtml(input.returnOrigin)}.</p>
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="request_id" value="${escapeHtml(input.requestId)}">
<input type="hidden" name="return_origin" value="${escapeHtml(input.returnOrigin)}">
<div class="actions">
<button type="submit" name="decision" value="cancel">Cancel</button>
<button type="submit" name="decision" value="authorize" class="primary" autofocus>Authorize</button>
</div>
</form>`,
  );
}

export function renderErrorPage(message: string): string {
  return layout(
    'Sandbox error',
    `<p class="notice" role="note">Sandbox provider</p>
<h1>This request cannot be completed</h1>
<p role="alert">${escapeHtml(message)}</p>
<p class="muted">You were not sent back to the application because the request could not be trusted.</p>`,
  );
}

/** A consent already answered (Back after the same-tab flow) or expired: nothing to decide any more. */
export function renderUsedPage(returnOrigin: string | null): string {
  const back = returnOrigin
    ? `<p><a href="${escapeHtml(`${returnOrigin}/integrations`)}">Return to ${APP_NAME}</a></p>`
    : `<p class="muted">Return to ${APP_NAME} and start again from there.</p>`;
  return layout(
    'Sign-in already used',
    `<p class="notice" role="note">Sandbox provider</p>
<h1>This sign-in was already used — return to ${APP_NAME}</h1>
<p>This sign-in request was already answered or has expired, so there is nothing to decide here any more.
If the connection is not shown as connected, start again with Connect in ${APP_NAME}.</p>
${back}`,
  );
}

export function renderIndexPage(providers: readonly ProviderListing[], graph: boolean): string {
  const items = providers
    .map(({ key, name }) => `<li><strong>${escapeHtml(name)}</strong> <code>/${escapeHtml(key)}/oauth/authorize</code></li>`)
    .join('');
  const graphNote = graph
    ? '<p class="muted">Facebook Graph API subset under <code>/facebook-lead-ads/graph/v&lt;n&gt;.&lt;n&gt;/</code>.</p>'
    : '';
  return layout(
    'Sandbox provider',
    `<p class="notice" role="note">Local OAuth 2.0 stand-in for third-party providers. Development and tests only.</p>
<h1>Sandbox provider</h1>
<ul>${items}</ul>
${graphNote}
<p class="muted">Test controls: <code>POST /control/faults</code>, <code>GET /control/log</code>, <code>POST /control/reset</code>.</p>`,
  );
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
