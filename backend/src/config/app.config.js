"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.appConfig = void 0;
exports.parseAppSettings = parseAppSettings;
const node_path_1 = require("node:path");
const config_1 = require("@nestjs/config");
const env_validation_1 = require("./env.validation");
function parseAppSettings(env) {
    const port = (0, env_validation_1.readInt)(env, 'PORT', 3000, 0, 65535);
    return {
        nodeEnv: (0, env_validation_1.readEnum)(env, 'NODE_ENV', ['development', 'production', 'test'], 'development'),
        port,
        appUrl: (0, env_validation_1.readUrl)(env, 'APP_URL', `http://localhost:${port}`),
        dataDir: (0, node_path_1.resolve)((0, env_validation_1.readString)(env, 'DATA_DIR', './data')),
        logLevel: (0, env_validation_1.readEnum)(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
        sessionTtlHours: (0, env_validation_1.readInt)(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
        providerTimeoutMs: (0, env_validation_1.readInt)(env, 'PROVIDER_TIMEOUT_MS', 10_000, 100, 120_000),
        flowTtlSeconds: (0, env_validation_1.readInt)(env, 'OAUTH_FLOW_TTL_SECONDS', 600, 5, 3600),
        spaDir: (0, node_path_1.resolve)((0, env_validation_1.readString)(env, 'SPA_DIR', (0, node_path_1.resolve)(__dirname, '../../../../frontend/dist'))),
    };
}
exports.appConfig = (0, config_1.registerAs)('app', () => parseAppSettings(process.env));
//# sourceMappingURL=app.config.js.map