import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IntegrationDetailResponse } from '../../frontend/src/api/schema';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

describe(`integrations without credentials and without the sandbox (${testDatabaseKind()})`, () => {
  let app: TestApp;
  let admin: SignedInDriver;

  before(async () => {
    app = await startTestApp({ env: { SANDBOX: 'off', HUBSPOT_CLIENT_ID: 'real-id', HUBSPOT_CLIENT_SECRET: 'real-secret' } });
    admin = await signedInAdmin(app);
  });
  after(() => app.close());

  it('lists them as configured: false and refuses to connect with 422 not_configured', async () => {
    const list = (await (await admin.api('GET', '/api/v1/integrations')).json()) as { key: string; configured: boolean }[];
    assert.deepEqual(
      list.filter((i) => i.configured).map((i) => i.key),
      ['hubspot'],
    );
    const response = await admin.api('POST', '/api/v1/integrations/slack/connect');
    assert.equal(response.status, 422);
    assert.equal(((await response.json()) as { error: string }).error, 'not_configured');
  });

  it('tells admins the settings and redirect URI an unconfigured provider needs, and nothing once configured', async () => {
    const detail = async (key: string) =>
      ((await (await admin.api('GET', `/api/v1/integrations/${key}`)).json()) as IntegrationDetailResponse).setup;
    // Facebook calls its secret the app secret; the settings follow Meta's name, not the others' pattern.
    assert.deepEqual(await detail('facebook-lead-ads'), {
      clientIdEnv: 'FACEBOOK_CLIENT_ID',
      clientSecretEnv: 'FACEBOOK_APP_SECRET',
      redirectUri: `${app.url}/api/v1/integrations/facebook-lead-ads/callback`,
    });
    assert.deepEqual(await detail('google-sheets'), {
      clientIdEnv: 'GOOGLE_CLIENT_ID',
      clientSecretEnv: 'GOOGLE_CLIENT_SECRET',
      redirectUri: `${app.url}/api/v1/integrations/google-sheets/callback`,
    });
    assert.equal(await detail('hubspot'), null);
  });

  it('sends a provider with real credentials to its real authorization endpoint', async () => {
    const { authorizeUrl } = await admin.startConnect('hubspot');
    const location = new URL(await admin.openAuthorize(authorizeUrl));
    assert.equal(`${location.origin}${location.pathname}`, 'https://app.hubspot.com/oauth/authorize');
    assert.equal(location.searchParams.get('client_id'), 'real-id');
    assert.equal(location.searchParams.get('redirect_uri'), `${app.url}/api/v1/integrations/hubspot/callback`);
    assert.match(location.searchParams.get('state') ?? '', /^[A-Za-z0-9_-]{43}$/);
  });
});
