import { sendJson } from '../core/http-io';
import type { ProviderRequestContext } from '../core/request-context';

/**
 * RFC 8414 authorization server metadata of one sandbox provider, served both where the RFC puts it for
 * an issuer with a path (`/.well-known/oauth-authorization-server/<k>`, §3.1) and under the provider's
 * own path (`/<k>/.well-known/oauth-authorization-server`), where many clients look.
 */
export function handleServerMetadata(ctx: ProviderRequestContext): void {
  const issuer = `${ctx.app.baseUrl}/${ctx.providerKey}`;
  sendJson(ctx.res, 200, {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    userinfo_endpoint: `${issuer}/api/me`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  });
}
