"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.calendlyProvider = void 0;
exports.calendlyProvider = {
    key: 'calendly',
    name: 'Calendly',
    category: 'Scheduling',
    description: 'Offer meeting slots in conversations and log booked meetings on the contact.',
    envPrefix: 'CALENDLY',
    endpoints: {
        authorizeUrl: 'https://auth.calendly.com/oauth/authorize',
        tokenUrl: 'https://auth.calendly.com/oauth/token',
        revokeUrl: 'https://auth.calendly.com/oauth/revoke',
    },
    scopes: [],
    scopeSeparator: ' ',
    pkce: true,
    async fetchProfile({ http }, tokens) {
        const me = await http.getJson('https://api.calendly.com/users/me', tokens.accessToken);
        return { id: me.resource.uri, name: me.resource.name };
    },
};
//# sourceMappingURL=calendly.provider.js.map