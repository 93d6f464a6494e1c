"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.CONFIG_NAMESPACES = void 0;
exports.validateEnv = validateEnv;
const app_config_1 = require("./app.config");
const database_config_1 = require("./database.config");
const facebook_config_1 = require("./facebook.config");
const providers_config_1 = require("./providers.config");
const sandbox_config_1 = require("./sandbox.config");
const security_config_1 = require("./security.config");
exports.CONFIG_NAMESPACES = [app_config_1.appConfig, database_config_1.databaseConfig, security_config_1.securityConfig, sandbox_config_1.sandboxConfig, providers_config_1.providersConfig, facebook_config_1.facebookConfig];
/** Parses every setting once at start-up; the first bad one throws a ConfigError naming it. */
function validateEnv(env) {
    (0, app_config_1.parseAppSettings)(env);
    (0, database_config_1.parseDatabaseSettings)(env);
    (0, security_config_1.parseSecuritySettings)(env);
    (0, sandbox_config_1.parseSandboxSettings)(env);
    (0, providers_config_1.parseProvidersSettings)(env);
    (0, facebook_config_1.parseFacebookSettings)(env);
    return env;
}
__exportStar(require("./app.config"), exports);
__exportStar(require("./config.error"), exports);
__exportStar(require("./database.config"), exports);
__exportStar(require("./facebook.config"), exports);
__exportStar(require("./providers.config"), exports);
__exportStar(require("./sandbox.config"), exports);
__exportStar(require("./security.config"), exports);
//# sourceMappingURL=index.js.map