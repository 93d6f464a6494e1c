import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../config/config.error';
import { parseSandboxSettings } from '../../config/sandbox.config';
import { parseProvidersSettings } from './providers.config';

describe(parseProvidersSettings.name, () => {
  it('sends every provider without credentials to the sandbox outside production', () => {
    const providers = parseProvidersSettings({ SANDBOX_PORT: '4010' });
    assert.equal(Object.keys(providers).length, 8);
    assert.ok(Object.values(providers).every((p) => p.mode === 'sandbox'));
    assert.equal(providers.hubspot.endpoints.tokenUrl, 'http://127.0.0.1:4010/hubspot/oauth/token');
    assert.equal(providers['facebook-lead-ads'].apiBaseUrl, 'http://127.0.0.1:4010/facebook-lead-ads/graph/v24.0');
  });

  it('uses the real endpoints, and never the sandbox, when a provider has credentials', () => {
    const providers = parseProvidersSettings({ SANDBOX: 'on', HUBSPOT_CLIENT_ID: 'id', HUBSPOT_CLIENT_SECRET: 'secret' });
    assert.equal(providers.hubspot.mode, 'real');
    assert.deepEqual(providers.hubspot.endpoints, {
      authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
      tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
      revokeUrl: 'https://api.hubapi.com/oauth/v1/refresh-tokens',
      identityUrl: 'https://api.hubapi.com/oauth/v1/access-tokens',
    });
    assert.equal(providers.slack.mode, 'sandbox', 'other providers are unaffected');
  });

  it('moves every URL of a provider with one <PREFIX>_BASE_URL, keeping each path; a URL of its own still wins', () => {
    const providers = parseProvidersSettings({
      HUBSPOT_CLIENT_ID: 'id',
      HUBSPOT_CLIENT_SECRET: 'secret',
      HUBSPOT_BASE_URL: 'https://oauth.internal.example/hubspot/',
      HUBSPOT_REVOKE_URL: 'https://revoke.internal.example/hs',
    });
    assert.deepEqual(providers.hubspot.endpoints, {
      authorizeUrl: 'https://oauth.internal.example/hubspot/oauth/authorize',
      tokenUrl: 'https://oauth.internal.example/hubspot/oauth/v1/token',
      revokeUrl: 'https://revoke.internal.example/hs',
      identityUrl: 'https://oauth.internal.example/hubspot/oauth/v1/access-tokens',
    });
  });

  it('names the variable when <PREFIX>_BASE_URL is not a URL', () => {
    assert.throws(
      () => parseProvidersSettings({ ZOHO_CLIENT_ID: 'id', ZOHO_CLIENT_SECRET: 'secret', ZOHO_BASE_URL: 'accounts.zoho.eu' }),
      (error: unknown) => error instanceof ConfigError && error.message.includes('ZOHO_BASE_URL'),
    );
  });

  it('applies endpoint overrides and the Graph API version', () => {
    const providers = parseProvidersSettings({
      SALESFORCE_CLIENT_ID: 'id',
      SALESFORCE_CLIENT_SECRET: 'secret',
      SALESFORCE_AUTHORIZE_URL: 'https://acme.my.salesforce.com/services/oauth2/authorize',
      FACEBOOK_CLIENT_ID: 'app',
      FACEBOOK_APP_SECRET: 'app-secret',
      FACEBOOK_GRAPH_VERSION: 'v21.0',
    });
    assert.equal(providers.salesforce.endpoints.authorizeUrl, 'https://acme.my.salesforce.com/services/oauth2/authorize');
    assert.equal(providers.salesforce.endpoints.tokenUrl, 'https://login.salesforce.com/services/oauth2/token');
    assert.equal(providers['facebook-lead-ads'].endpoints.authorizeUrl, 'https://www.facebook.com/v21.0/dialog/oauth');
    assert.equal(providers['facebook-lead-ads'].apiBaseUrl, 'https://graph.facebook.com/v21.0');
    assert.equal(providers['facebook-lead-ads'].clientSecret, 'app-secret');
  });

  it('lists providers as unconfigured when there are neither credentials nor a sandbox', () => {
    const providers = parseProvidersSettings({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEYS: 'k:x' });
    assert.ok(Object.values(providers).every((p) => p.mode === 'unconfigured'));
  });

  it('authenticates sandboxed providers with the sandbox secret', () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'aurora-providers-config-')) };
    assert.equal(parseProvidersSettings(env).hubspot.clientSecret, parseSandboxSettings(env).clientSecret);
  });

  it('leaves providers unconfigured when SANDBOX=auto keeps the sandbox off for a public APP_URL', () => {
    assert.equal(parseProvidersSettings({ APP_URL: 'https://inbox.example.com' }).hubspot.mode, 'unconfigured');
  });

  it('names the missing half of a credential pair', () => {
    assert.throws(
      () => parseProvidersSettings({ ZOHO_CLIENT_ID: 'id' }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'ZOHO_CLIENT_SECRET',
    );
    assert.throws(
      () => parseProvidersSettings({ FACEBOOK_APP_SECRET: 's' }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'FACEBOOK_CLIENT_ID',
    );
    assert.throws(() => parseProvidersSettings({ FACEBOOK_GRAPH_VERSION: 'latest' }), /FACEBOOK_GRAPH_VERSION/);
  });
});
