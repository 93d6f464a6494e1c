// Every scenario fails on a Content-Security-Policy violation in any page it opened (the app, the popup,
// the sandbox): the product must work under its own strict CSP, not merely send one.

/** Init script: reports each violation on the console, where the context listener below collects it. */
const REPORT_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') +
    ' in ' + event.documentURI + (event.sourceFile ? ' at ' + event.sourceFile + ':' + event.lineNumber : ''));
});`;

/** Chromium's own wording when it blocks something, in case a page reports before the init script runs. */
const CHROMIUM_REFUSAL = /^Refused to .*Content Security Policy/;

/**
 * Starts collecting CSP violations in `context`; returns the list (filled as pages report).
 * @param {import('playwright-core').BrowserContext} context
 */
export async function collectCspViolations(context) {
  /** @type {string[]} */
  const violations = [];
  await context.addInitScript(REPORT_VIOLATIONS);
  context.on('page', (page) => {
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('CSP violation: ') || CHROMIUM_REFUSAL.test(text)) violations.push(`${page.url()}: ${text}`);
    });
  });
  return violations;
}
