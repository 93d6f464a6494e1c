import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signedInAdmin, SignedInDriver } from './support/signed-in';
import { startTestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

/** A stand-in for the built SPA: an index page and one asset, as Vite lays them out. */
function fakeSpa(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-spa-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><script type="module" src="/assets/app.js"></script><div id="app"></div>',
  );
  writeFileSync(join(dir, 'assets/app.js'), 'console.log("app")');
  return dir;
}

function directives(response: Response): Map<string, string[]> {
  const policy = response.headers.get('content-security-policy') ?? '';
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );
}

/**
 * No security headers (issue #11): a same-site page could frame the app and click through the Disconnect
 * dialog. Every page and every API answer now carries a strict CSP and the other helmet headers.
 */
describe(`No security headers: CSP, nosniff and Referrer-Policy on every response (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let admin: SignedInDriver;

  before(async () => {
    stack = await startTestStack({ env: { SPA_DIR: fakeSpa() } });
    admin = await signedInAdmin(stack.app);
  });
  after(() => stack.close());

  async function responses(): Promise<[string, Response][]> {
    const app = (path: string, init?: RequestInit) => fetch(`${stack.appUrl}${path}`, { redirect: 'manual', ...init });
    const consentUrl = await admin.openAuthorize((await admin.startConnect('hubspot')).authorizeUrl);
    return [
      ['SPA index', await app('/')],
      ['SPA /oauth/complete', await app('/oauth/complete?flow=f1')],
      ['SPA asset', await app('/assets/app.js')],
      ['API JSON', await app('/api/v1/health')],
      ['API 401', await app('/api/v1/integrations')],
      ['API 404', await app('/api/v1/no-such-route')],
      [
        'API 400 body',
        await app('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' }),
      ],
      ['callback error page', await app('/api/v1/integrations/hubspot/callback')],
      ['API docs', await app('/api/docs')],
      ['sandbox consent page', await fetch(consentUrl)],
      ['sandbox index', await fetch(`${stack.sandbox.url}/`)],
      ['sandbox JSON error', await fetch(`${stack.sandbox.url}/nowhere`)],
    ];
  }

  it("sends CSP with frame-ancestors 'none', X-Frame-Options, nosniff and Referrer-Policy everywhere", async () => {
    for (const [what, response] of await responses()) {
      const csp = directives(response);
      assert.deepEqual(csp.get('default-src'), ["'self'"], what);
      assert.deepEqual(csp.get('script-src'), ["'self'"], `${what}: scripts only from files, no inline, no eval`);
      assert.deepEqual(csp.get('frame-ancestors'), ["'none'"], what);
      assert.deepEqual(csp.get('base-uri'), ["'none'"], what);
      assert.deepEqual(csp.get('object-src'), ["'none'"], what);
      assert.equal(csp.get('form-action')?.[0], "'self'", what);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', what);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', what);
      assert.match(response.headers.get('referrer-policy') ?? '', /^(same-origin|no-referrer)$/, what);
      assert.equal(response.headers.get('strict-transport-security'), null, `${what}: no HSTS over plain http`);
      assert.equal(response.headers.get('cross-origin-opener-policy'), null, `${what}: the popup keeps its opener`);
    }
  });

  it('allows no inline style but the exact blocks its own pages carry, and no inline script at all', async () => {
    for (const [what, response] of await responses()) {
      if (!response.headers.get('content-type')?.startsWith('text/html') || what === 'API docs') continue;
      const html = await response.text();
      const styleSources = directives(response).get('style-src') ?? [];
      assert.ok(!styleSources.includes("'unsafe-inline'"), what);
      for (const [, style] of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
        const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
        assert.ok(styleSources.includes(hash), `${what}: its <style> is allowed by hash`);
      }
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${what} has an inline script`);
      assert.doesNotMatch(html, /\sstyle="/, `${what} has a style attribute`);
    }
  });

  it("lets the consent form post to the sandbox and redirect to the app's callback, nowhere else", async () => {
    const consent = (await responses()).find(([what]) => what === 'sandbox consent page')![1];
    assert.deepEqual(directives(consent).get('form-action'), ["'self'", new URL(stack.appUrl).origin]);
    assert.equal(consent.headers.get('referrer-policy'), 'no-referrer');
  });

  it('adds HSTS and upgrade-insecure-requests when APP_URL is https', async () => {
    const secure = await startTestApp({ databaseUrl: stack.app.databaseUrl, env: { APP_URL: 'https://inbox.example.com' } });
    try {
      const response = await fetch(`${secure.url}/api/v1/health`);
      assert.equal(response.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
      assert.deepEqual(directives(response).get('upgrade-insecure-requests'), []);
    } finally {
      await secure.close();
    }
  });
});
