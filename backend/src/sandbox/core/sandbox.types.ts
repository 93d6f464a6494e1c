/** An OAuth client registered at the sandbox, which then stands in for provider `providerKey`. */
export interface SandboxClient {
  providerKey: string;
  clientId: string;
  clientSecret: string;
  /** The only redirect URI accepted for this client, compared exactly. */
  redirectUri: string;
  /** Display name of the provider, e.g. "HubSpot". */
  name: string;
}

export interface SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  clients: SandboxClient[];
  /** Sends `Cross-Origin-Opener-Policy: same-origin` on the consent pages, like many real providers. */
  coop?: boolean;
  /** Lifetime of authorization codes; defaults to 60 s. */
  codeTtlMs?: number;
  /** Lifetime of access tokens; defaults to 3600 s. */
  accessTokenTtlSeconds?: number;
  /** Where signed `leadgen` webhooks are delivered. */
  facebook?: { appSecret: string; webhookUrl: string };
  /** JSON file that keeps tokens, leads and other state across restarts; without it everything stays in memory. */
  stateFile?: string;
}

export interface SandboxServer {
  /** Origin of the sandbox, e.g. http://127.0.0.1:4010. */
  url: string;
  close(): Promise<void>;
}
