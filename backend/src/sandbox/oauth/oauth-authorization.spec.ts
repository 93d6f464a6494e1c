import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from '../core/sandbox-server';
import type { SandboxServer } from '../core/sandbox.types';
import {
  FACEBOOK,
  HUBSPOT,
  authorize,
  authorizeUrl,
  decide,
  pkcePair,
  postForm,
  requestIdOf,
  sandboxLog,
  startTestSandbox,
} from '../../../test/support/sandbox-harness';

describe(startSandbox.name, () => {
  let sandbox: SandboxServer;

  before(async () => {
    sandbox = await startTestSandbox();
  });

  after(() => sandbox.close());

  function redirectParams(response: Response): URLSearchParams {
    assert.equal(response.status, 302);
    return new URL(response.headers.get('location') ?? '').searchParams;
  }

  describe('authorization endpoint', () => {
    it('shows a consent page with the provider, the app, the user, the scopes and Authorize / Cancel', async () => {
      const response = await fetch(authorizeUrl(sandbox, HUBSPOT, { state: 'state-123' }), { redirect: 'manual' });
      const html = await response.text();

      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(html, /<title>Sign in to HubSpot \(Sandbox\)<\/title>/);
      assert.match(html, /Aurora Inbox/);
      assert.match(html, /Sandbox User/);
      assert.match(html, /sandbox\.user@example\.test/);
      assert.match(html, /<code>crm\.objects\.contacts\.read<\/code>/);
      assert.match(html, />Authorize<\/button>/);
      assert.match(html, />Cancel<\/button>/);
      assert.match(html, /<form method="post" action="\/hubspot\/oauth\/decision">/);
      assert.ok(requestIdOf(html));
      assert.doesNotMatch(html, /state-123/, 'the form carries a server-side id, not the raw parameters');
      assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    });

    it('refuses an unknown client_id with an error page instead of a redirect', async () => {
      const response = await fetch(authorizeUrl(sandbox, HUBSPOT, { client_id: 'nobody' }), { redirect: 'manual' });

      assert.equal(response.status, 400);
      assert.equal(response.headers.get('location'), null);
      assert.match(await response.text(), /not registered/);
    });

    it('refuses a client registered for another provider', async () => {
      const url = authorizeUrl(sandbox, HUBSPOT, { client_id: FACEBOOK.clientId, redirect_uri: FACEBOOK.redirectUri });
      const response = await fetch(url, { redirect: 'manual' });

      assert.equal(response.status, 400);
      assert.equal(response.headers.get('location'), null);
    });

    for (const redirectUri of [
      'http://evil.test/api/v1/integrations/hubspot/callback',
      `${HUBSPOT.redirectUri}/`,
      `${HUBSPOT.redirectUri}?next=/admin`,
      'http://LOCALHOST:3000/api/v1/integrations/hubspot/callback',
    ]) {
      it(`never redirects to a redirect_uri that is not exactly the registered one (${redirectUri})`, async () => {
        const response = await fetch(authorizeUrl(sandbox, HUBSPOT, { redirect_uri: redirectUri }), { redirect: 'manual' });

        assert.equal(response.status, 400);
        assert.equal(response.headers.get('location'), null);
        assert.match(await response.text(), /redirect_uri/);
      });
    }

    it('redirects unsupported_response_type with the state when response_type is not code', async () => {
      const params = redirectParams(
        await fetch(authorizeUrl(sandbox, HUBSPOT, { response_type: 'token', state: 'state-123' }), { redirect: 'manual' }),
      );

      assert.equal(params.get('error'), 'unsupported_response_type');
      assert.equal(params.get('state'), 'state-123');
      assert.equal(params.get('code'), null);
    });

    it('rejects the plain PKCE method and a challenge without a method with invalid_request', async () => {
      const { challenge } = pkcePair();
      const variants: Record<string, string>[] = [{ code_challenge_method: 'plain' }, {}];
      for (const extra of variants) {
        const url = authorizeUrl(sandbox, HUBSPOT, { code_challenge: challenge, state: 'state-123', ...extra });
        const params = redirectParams(await fetch(url, { redirect: 'manual' }));

        assert.equal(params.get('error'), 'invalid_request');
        assert.equal(params.get('state'), 'state-123');
      }
    });

    it('rejects a repeated parameter with invalid_request', async () => {
      const url = `${authorizeUrl(sandbox, HUBSPOT)}&scope=extra`;
      const params = redirectParams(await fetch(url, { redirect: 'manual' }));

      assert.equal(params.get('error'), 'invalid_request');
    });
  });

  describe('consent decision', () => {
    it('redirects to the registered redirect_uri with a code and the state on Authorize', async () => {
      const location = await authorize(sandbox, HUBSPOT, { state: 'state-approve' });

      assert.equal(`${location.origin}${location.pathname}`, HUBSPOT.redirectUri);
      assert.match(location.searchParams.get('code') ?? '', /^sbx_ac_/);
      assert.equal(location.searchParams.get('state'), 'state-approve');
    });

    it('allows a missing state and then sends none back', async () => {
      const url = authorizeUrl(sandbox, HUBSPOT, { state: 'state-123' });
      const consent = await fetch(url.replace('&state=state-123', ''), { redirect: 'manual' });
      const requestId = requestIdOf(await consent.text());
      const params = redirectParams(
        await postForm(`${sandbox.url}/hubspot/oauth/decision`, { request_id: requestId, decision: 'authorize' }),
      );

      assert.ok(params.get('code'));
      assert.equal(params.has('state'), false);
    });

    it('redirects access_denied with the state on Cancel and logs consent_denied', async () => {
      const params = redirectParams(await decide(sandbox, HUBSPOT, 'cancel', { state: 'state-cancel' }));

      assert.equal(params.get('error'), 'access_denied');
      assert.ok(params.get('error_description'));
      assert.equal(params.get('state'), 'state-cancel');
      assert.equal(params.get('code'), null);
      const log = await sandboxLog(sandbox);
      assert.ok(log.some((event) => event.type === 'consent_denied' && event.clientId === HUBSPOT.clientId));
    });

    it('accepts a request id only once', async () => {
      const consent = await fetch(authorizeUrl(sandbox, HUBSPOT), { redirect: 'manual' });
      const form = { request_id: requestIdOf(await consent.text()), decision: 'authorize' };
      const first = await postForm(`${sandbox.url}/hubspot/oauth/decision`, form);
      const second = await postForm(`${sandbox.url}/hubspot/oauth/decision`, form);

      assert.equal(first.status, 302);
      assert.equal(second.status, 400);
      assert.equal(second.headers.get('location'), null);
      assert.match(await second.text(), /This sign-in was already used/);
    });

    it('answers Back to an answered consent page with "already used" and a link to the registered app only', async () => {
      const url = authorizeUrl(sandbox, HUBSPOT, { state: 'state-back' });
      const consent = await fetch(url, { redirect: 'manual' });
      await postForm(`${sandbox.url}/hubspot/oauth/decision`, {
        request_id: requestIdOf(await consent.text()),
        decision: 'authorize',
      });

      const back = await fetch(url, { redirect: 'manual' });
      const html = await back.text();
      assert.equal(back.status, 400);
      assert.match(html, /This sign-in was already used — return to Aurora Inbox/);
      assert.match(html, new RegExp(`href="${new URL(HUBSPOT.redirectUri).origin}/integrations"`));
      assert.doesNotMatch(html, /name="request_id"/, 'nothing left to authorize');

      const forged = await postForm(`${sandbox.url}/hubspot/oauth/decision`, {
        request_id: 'forged',
        decision: 'authorize',
        return_origin: 'https://evil.example',
      });
      assert.doesNotMatch(await forged.text(), /evil\.example/, 'an unregistered origin is never linked');
    });

    it('refuses an unknown request id and an unknown decision', async () => {
      const unknown = await postForm(`${sandbox.url}/hubspot/oauth/decision`, { request_id: 'forged', decision: 'authorize' });
      const consent = await fetch(authorizeUrl(sandbox, HUBSPOT), { redirect: 'manual' });
      const odd = await postForm(`${sandbox.url}/hubspot/oauth/decision`, {
        request_id: requestIdOf(await consent.text()),
        decision: 'maybe',
      });

      assert.equal(unknown.status, 400);
      assert.equal(odd.status, 400);
    });
  });
});
