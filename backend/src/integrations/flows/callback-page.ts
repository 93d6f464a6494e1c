import { cspHash } from '../../common/security-headers';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;color:#1f2937;background:#f8fafc;display:grid;place-items:center;min-height:100vh;margin:0}
main{max-width:28rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px #0002}h1{font-size:1.25rem;margin:0 0 .5rem}
a{color:#4f46e5}`;

/** The page's one inline style, allowed by the app's CSP under this hash (no 'unsafe-inline'). */
export const CALLBACK_PAGE_STYLE_HASH = cspHash(STYLE);

/** What the popup shows when the app cannot even tell which flow a request belongs to. */
export function callbackErrorPage(title: string, message: string, appUrl: string): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)} · Aurora Inbox</title>
<style>${STYLE}</style></head>
<body><main role="alert"><h1>${escape(title)}</h1><p>${escape(message)}</p>
<p>Close this window and choose <strong>Connect</strong> again. <a href="${escape(appUrl)}/integrations">Back to integrations</a></p></main></body></html>`;
}

/** The popup cannot show JSON: these refusals are answered with the page above (see CallbackPageFilter). */
export class CallbackPageException extends Error {
  constructor(
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'CallbackPageException';
  }
}
