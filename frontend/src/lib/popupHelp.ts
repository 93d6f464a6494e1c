// How to allow the sign-in popup, in the words of the browser the person is using (issue 17 item 3).

/** Browsers whose pop-up settings we can describe; `phone` covers iOS and Android, where the tab fallback is simpler. */
export type PopupBrowser = 'phone' | 'edge' | 'firefox' | 'safari' | 'chrome' | 'other';

/** Order matters: Edge says "Chrome" and "Safari" too, Chrome says "Safari". */
export function detectPopupBrowser(userAgent: string): PopupBrowser {
  if (/Android|iPhone|iPad|iPod|Mobile/i.test(userAgent)) return 'phone';
  if (/Edg\//.test(userAgent)) return 'edge';
  if (/Firefox\//.test(userAgent)) return 'firefox';
  if (/Chrome\/|Chromium\//.test(userAgent)) return 'chrome';
  if (/Safari\//.test(userAgent)) return 'safari';
  return 'other';
}

const HELP: Record<PopupBrowser, string> = {
  phone: 'Phone browsers often block these windows. Use Continue in this tab below; you will come back here when you are done.',
  chrome:
    'To allow pop-ups, select the blocked pop-up icon at the right end of the address bar, choose “Always allow pop-ups and redirects” from this site, select Done, then choose Connect again.',
  edge: 'To allow pop-ups, select the blocked pop-up icon at the right end of the address bar, choose “Always allow pop-ups and redirects” from this site, select Done, then choose Connect again.',
  firefox:
    'To allow pop-ups, choose Settings (or Options) in the yellow bar below the address bar, select “Allow pop-ups for” this site, then choose Connect again.',
  safari:
    'To allow pop-ups, choose Safari › Settings for This Website in the menu bar, set Pop-up Windows to Allow, then choose Connect again.',
  other:
    'To allow pop-ups, look for a blocked pop-up notice near the address bar, allow pop-ups from this site, then choose Connect again.',
};

export function popupHelp(userAgent: string): string {
  return HELP[detectPopupBrowser(userAgent)];
}
