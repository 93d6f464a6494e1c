import type { SandboxClient, SandboxOptions } from './sandbox.types';

export interface SandboxConfig {
  readonly host: string;
  readonly port: number;
  /** Registered clients by client_id. */
  readonly clients: ReadonlyMap<string, SandboxClient>;
  /** Display name by provider key, in registration order. */
  readonly providers: ReadonlyMap<string, string>;
  readonly coop: boolean;
  readonly codeTtlMs: number;
  readonly accessTokenTtlSeconds: number;
  readonly facebook: { readonly appSecret: string; readonly webhookUrl: string } | null;
}

// Provider keys become the first path segment, so they must not collide with /control.
const PROVIDER_KEY = /^[a-z0-9][a-z0-9-]*$/;
const RESERVED_KEYS = new Set(['control']);

/** Validates options up front: a misconfigured sandbox must fail at start, not mid-flow. */
export function resolveConfig(options: SandboxOptions): SandboxConfig {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`Sandbox: port must be an integer between 0 and 65535, got ${options.port}`);
  }
  const clients = new Map<string, SandboxClient>();
  const providers = new Map<string, string>();
  for (const client of options.clients) {
    assertClient(client);
    if (clients.has(client.clientId)) throw new Error(`Sandbox: duplicate client_id "${client.clientId}"`);
    clients.set(client.clientId, { ...client });
    if (!providers.has(client.providerKey)) providers.set(client.providerKey, client.name);
  }
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port,
    clients,
    providers,
    coop: options.coop ?? false,
    codeTtlMs: positive('codeTtlMs', options.codeTtlMs ?? 60_000),
    accessTokenTtlSeconds: positive('accessTokenTtlSeconds', options.accessTokenTtlSeconds ?? 3600),
    facebook: options.facebook ? resolveFacebook(options.facebook) : null,
  };
}

function assertClient(client: SandboxClient): void {
  if (!PROVIDER_KEY.test(client.providerKey) || RESERVED_KEYS.has(client.providerKey)) {
    throw new Error(`Sandbox: invalid providerKey "${client.providerKey}"`);
  }
  for (const field of ['clientId', 'clientSecret', 'name'] as const) {
    if (client[field].length === 0) throw new Error(`Sandbox: ${field} of "${client.providerKey}" is empty`);
  }
  assertHttpUrl(`redirectUri of "${client.providerKey}"`, client.redirectUri);
  if (client.redirectUri.includes('#')) {
    throw new Error(`Sandbox: redirectUri of "${client.providerKey}" must not contain a fragment`);
  }
}

function resolveFacebook(facebook: { appSecret: string; webhookUrl: string }): SandboxConfig['facebook'] {
  if (facebook.appSecret.length === 0) throw new Error('Sandbox: facebook.appSecret is empty');
  assertHttpUrl('facebook.webhookUrl', facebook.webhookUrl);
  return { ...facebook };
}

function assertHttpUrl(name: string, value: string): void {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new Error(`Sandbox: ${name} must be an absolute http(s) URL, got "${value}"`);
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Sandbox: ${name} must be positive, got ${value}`);
  return value;
}
