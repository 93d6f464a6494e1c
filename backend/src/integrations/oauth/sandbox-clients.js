"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sandboxClients = sandboxClients;
/** The OAuth clients the sandbox must know: every provider this deployment sends to the sandbox. */
function sandboxClients(providers, appUrl, names) {
    return Object.values(providers)
        .filter((provider) => provider.mode === 'sandbox')
        .map((provider) => ({
        providerKey: provider.key,
        name: names[provider.key] ?? provider.key,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        redirectUri: `${appUrl}/api/v1/integrations/${provider.key}/callback`,
    }));
}
//# sourceMappingURL=sandbox-clients.js.map