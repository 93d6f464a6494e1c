// Login CSRF (issue #11), as the attacker tried it: a page on another site holds a form with the
// attacker's credentials that posts to a variant of the sign-in path. A signed-out browser that submits
// it must stay signed out, with no session cookie for the app.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { appAndBrowser, inContext } from './support/browser.mjs';
import { ADMIN } from './support/person.mjs';

const SIGN_IN_VARIANTS = ['/api/v1/auth/login', '/api/v1/auth/login/', '/api/v1/AUTH/LOGIN'];

/** The attacker's site on another origin (127.0.0.1 vs the app's localhost): one form per variant. */
/**
 * @param {string} appUrl
 * @returns {Promise<import('node:http').Server>}
 */
function attackerSite(appUrl) {
  const forms = SIGN_IN_VARIANTS.map(
    (path, index) => `<form method="post" action="${appUrl}${path}">
<input type="hidden" name="email" value="${ADMIN.email}"><input type="hidden" name="password" value="${ADMIN.password}">
<button id="form${index}">Win a prize</button></form>`,
  ).join('\n');
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Prizes</title>${forms}`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe(`login CSRF from another site (${process.env.E2E_DB ?? 'sqlite'})`, () => {
  const suite = appAndBrowser();
  /** @type {import('node:http').Server | undefined} */
  let attacker;
  before(async () => {
    attacker = await attackerSite(suite.app.url);
  });
  after(() => new Promise((resolve) => attacker?.close(resolve)));

  it('a cross-site form posting to /auth/login, /auth/login/ or /AUTH/LOGIN signs nobody in', async () => {
    await inContext(suite.browser, suite.app, 'login csrf', async (context) => {
      const page = await context.newPage();
      const { port } = /** @type {import('node:net').AddressInfo} */ (attacker?.address());
      const attackerUrl = `http://127.0.0.1:${port}/`;
      for (const [index, path] of SIGN_IN_VARIANTS.entries()) {
        await page.goto(attackerUrl);
        const [response] = await Promise.all([page.waitForNavigation(), page.click(`#form${index}`)]);
        assert.ok(response && [403, 404].includes(response.status()), `${path} answered ${response?.status()}`);
        const cookies = await context.cookies(suite.app.url);
        assert.deepEqual(
          cookies.map((cookie) => cookie.name),
          [],
          `${path}: the browser holds no cookie for the app`,
        );
      }
      await page.goto('/integrations');
      await page.waitForURL((url) => url.pathname === '/login');
    });
  });
});
