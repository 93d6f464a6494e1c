"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.providersConfig = void 0;
exports.parseProvidersSettings = parseProvidersSettings;
const config_1 = require("@nestjs/config");
const catalog_1 = require("../integrations/catalog");
const config_error_1 = require("./config.error");
const env_validation_1 = require("./env.validation");
const sandbox_config_1 = require("./sandbox.config");
function resolveProvider(env, provider) {
    const sandbox = (0, sandbox_config_1.parseSandboxSettings)(env);
    const idVar = `${provider.envPrefix}_CLIENT_ID`;
    const secretVar = provider.clientSecretEnv ?? `${provider.envPrefix}_CLIENT_SECRET`;
    const clientId = (0, env_validation_1.readString)(env, idVar);
    const clientSecret = (0, env_validation_1.readString)(env, secretVar);
    if ((clientId === undefined) !== (clientSecret === undefined)) {
        throw new config_error_1.ConfigError(clientId === undefined ? idVar : secretVar, `is required when ${clientId === undefined ? secretVar : idVar} is set`);
    }
    const version = provider.api ? (0, env_validation_1.readString)(env, provider.api.versionEnv, provider.api.defaultVersion) : '';
    if (provider.api && !/^v\d+\.\d+$/.test(version)) {
        throw new config_error_1.ConfigError(provider.api.versionEnv, `expected a version like ${provider.api.defaultVersion}, got "${version}"`);
    }
    const versioned = (url) => url.replace('{apiVersion}', version);
    if (clientId !== undefined && clientSecret !== undefined) {
        const override = (suffix, fallback) => (0, env_validation_1.readUrl)(env, `${provider.envPrefix}_${suffix}`, fallback && versioned(fallback));
        return {
            key: provider.key,
            mode: 'real',
            clientId,
            clientSecret,
            endpoints: {
                authorizeUrl: override('AUTHORIZE_URL', provider.endpoints.authorizeUrl),
                tokenUrl: override('TOKEN_URL', provider.endpoints.tokenUrl),
                revokeUrl: override('REVOKE_URL', provider.endpoints.revokeUrl),
            },
            apiBaseUrl: provider.api && `${(0, env_validation_1.readUrl)(env, provider.api.urlEnv, provider.api.defaultUrl)}/${version}`,
        };
    }
    const base = `${sandbox.url}/${provider.key}`;
    return {
        key: provider.key,
        mode: sandbox.enabled ? 'sandbox' : 'unconfigured',
        clientId: `aurora-${provider.key}`,
        clientSecret: sandbox.clientSecret,
        endpoints: {
            authorizeUrl: `${base}/oauth/authorize`,
            tokenUrl: `${base}/oauth/token`,
            revokeUrl: `${base}/oauth/revoke`,
        },
        apiBaseUrl: provider.sandboxServesApi ? `${base}/graph/${version}` : `${base}/api`,
    };
}
function parseProvidersSettings(env) {
    return Object.fromEntries(catalog_1.PROVIDERS.map((provider) => [provider.key, resolveProvider(env, provider)]));
}
exports.providersConfig = (0, config_1.registerAs)('providers', () => parseProvidersSettings(process.env));
//# sourceMappingURL=providers.config.js.map