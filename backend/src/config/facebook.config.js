"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.facebookConfig = void 0;
exports.parseFacebookSettings = parseFacebookSettings;
const config_1 = require("@nestjs/config");
const env_validation_1 = require("./env.validation");
const providers_config_1 = require("./providers.config");
const sandbox_config_1 = require("./sandbox.config");
function parseFacebookSettings(env) {
    const provider = (0, providers_config_1.parseProvidersSettings)(env)['facebook-lead-ads'];
    return {
        appSecret: provider.mode === 'unconfigured' ? undefined : provider.clientSecret,
        verifyToken: (0, env_validation_1.readString)(env, 'FACEBOOK_VERIFY_TOKEN', (0, sandbox_config_1.parseSandboxSettings)(env).enabled ? 'aurora-sandbox-verify' : undefined) ?? '',
    };
}
exports.facebookConfig = (0, config_1.registerAs)('facebook', () => parseFacebookSettings(process.env));
//# sourceMappingURL=facebook.config.js.map