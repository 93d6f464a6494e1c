"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sandboxConfig = void 0;
exports.parseSandboxSettings = parseSandboxSettings;
const config_1 = require("@nestjs/config");
const app_config_1 = require("./app.config");
const env_validation_1 = require("./env.validation");
/** `auto` = on everywhere except production: a fresh checkout can connect something without accounts. */
function parseSandboxSettings(env) {
    const mode = (0, env_validation_1.readEnum)(env, 'SANDBOX', ['auto', 'on', 'off'], 'auto');
    const nodeEnv = (0, app_config_1.parseAppSettings)(env).nodeEnv;
    const port = (0, env_validation_1.readInt)(env, 'SANDBOX_PORT', 4010, 0, 65535);
    return {
        enabled: mode === 'on' || (mode === 'auto' && nodeEnv !== 'production'),
        port,
        url: (0, env_validation_1.readUrl)(env, 'SANDBOX_URL', `http://127.0.0.1:${port}`),
        coop: (0, env_validation_1.readBoolean)(env, 'SANDBOX_COOP', false),
        clientSecret: (0, env_validation_1.readString)(env, 'SANDBOX_CLIENT_SECRET', 'sandbox-client-secret'),
    };
}
exports.sandboxConfig = (0, config_1.registerAs)('sandbox', () => parseSandboxSettings(process.env));
//# sourceMappingURL=sandbox.config.js.map