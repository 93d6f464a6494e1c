import type { ProviderDefinition } from '../catalog';

interface SandboxMe {
  id: string;
  name: string;
}

/**
 * A provider as the local sandbox plays it. The sandbox is a generic OAuth server: unless it also imitates
 * the provider's own API (Facebook's Graph subset), the profile comes from its `/api/me` and revocation is
 * plain RFC 7009 at its revoke endpoint, so the provider's own calls are left out.
 */
export function sandboxed(definition: ProviderDefinition): ProviderDefinition {
  if (definition.sandboxServesApi) return definition;
  return {
    ...definition,
    async fetchProfile({ http, apiBaseUrl }, tokens) {
      const me = await http.getJson<SandboxMe>(`${apiBaseUrl}/me`, tokens.accessToken);
      return { id: String(me.id), name: String(me.name) };
    },
    revoke: undefined,
  };
}
