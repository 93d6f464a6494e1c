import type { ProviderDefinition } from '../../src/integrations/catalog';
import { ProviderHttpClient } from '../../src/integrations/providers/provider-http.client';
import { bindProvider } from '../../src/integrations/providers/provider-registry.service';
import { parseProvidersSettings } from '../../src/integrations/providers/providers.config';
import type { RuntimeProvider } from '../../src/integrations/providers/runtime-provider';

/** One request exactly as it left the provider HTTP client. */
export interface ProviderCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export const CLIENT = { id: 'client-id', secret: 'client-secret' };
export const APP_URL = 'https://inbox.example.com';

/**
 * The network under a real ProviderHttpClient, scripted: each call is recorded and gets the next queued answer
 * (a call nobody scripted fails the test), so a spec sees method, URL, headers and body as the provider would.
 */
export class FakeProviderNetwork {
  readonly calls: ProviderCall[] = [];
  private readonly answers: { status: number; body: string; type: string }[] = [];
  readonly client = new ProviderHttpClient(1_000, (input, init) => Promise.resolve(this.receive(input, init)));

  answerJson(body: unknown, status = 200): this {
    this.answers.push({ status, body: JSON.stringify(body), type: 'application/json' });
    return this;
  }

  answerEmpty(status: number): this {
    this.answers.push({ status, body: '', type: 'text/plain' });
    return this;
  }

  private receive(input: string | URL | Request, init: RequestInit | undefined): Response {
    const headers = { ...(init?.headers as Record<string, string> | undefined) };
    const call: ProviderCall = { method: init?.method ?? 'GET', url: String(input), headers };
    if (init?.body !== undefined) call.body = String(init.body);
    this.calls.push(call);
    const answer = this.answers.shift();
    if (!answer) throw new Error(`No answer scripted for ${call.method} ${call.url}`);
    return new Response(answer.body || null, { status: answer.status, headers: { 'Content-Type': answer.type } });
  }
}

/**
 * A catalog provider as the app runs it with real credentials (`<PREFIX>_CLIENT_ID`/secret set), or as the
 * sandbox plays it, over a scripted network. `env` adds settings such as endpoint overrides.
 */
export function contractProvider(
  definition: ProviderDefinition,
  options: { mode?: 'real' | 'sandbox'; env?: Record<string, string> } = {},
): { provider: RuntimeProvider; network: FakeProviderNetwork } {
  const credentials: Record<string, string> = {};
  if (options.mode !== 'sandbox') {
    credentials[`${definition.envPrefix}_CLIENT_ID`] = CLIENT.id;
    credentials[definition.clientSecretEnv ?? `${definition.envPrefix}_CLIENT_SECRET`] = CLIENT.secret;
  }
  const env = { SANDBOX: 'on', SANDBOX_CLIENT_SECRET: CLIENT.secret, ...credentials, ...options.env };
  const settings = parseProvidersSettings(env)[definition.key];
  const network = new FakeProviderNetwork();
  return { provider: bindProvider(definition, settings, APP_URL, network.client), network };
}

/** `Authorization: Basic …` for the contract client, as RFC 6749 §2.3.1 encodes it. */
export const CLIENT_BASIC = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`;

/** The headers every form POST to a provider carries (token and RFC 7009 revocation requests). */
export const FORM_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };
