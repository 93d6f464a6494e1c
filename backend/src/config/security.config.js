"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.securityConfig = void 0;
exports.parseKeyRing = parseKeyRing;
exports.parseSecuritySettings = parseSecuritySettings;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const config_1 = require("@nestjs/config");
const app_config_1 = require("./app.config");
const config_error_1 = require("./config.error");
const env_validation_1 = require("./env.validation");
const DEV_KEY_FILE = 'token-encryption.keys';
/** `id:base64key[,id:base64key…]`, each key exactly 32 bytes (AES-256). */
function parseKeyRing(raw, variable = 'TOKEN_ENCRYPTION_KEYS') {
    const keys = raw
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
        .map((entry) => {
        const [id, encoded, extra] = entry.split(':');
        if (!id || !encoded || extra !== undefined || !/^[A-Za-z0-9_-]{1,16}$/.test(id)) {
            throw new config_error_1.ConfigError(variable, 'expected entries of the form <id>:<base64 32-byte key>, separated by commas');
        }
        const key = Buffer.from(encoded, 'base64');
        if (key.length !== 32)
            throw new config_error_1.ConfigError(variable, `key "${id}" must decode to 32 bytes, got ${key.length}`);
        return { id, key };
    });
    if (keys.length === 0)
        throw new config_error_1.ConfigError(variable, 'needs at least one key');
    if (new Set(keys.map((k) => k.id)).size !== keys.length)
        throw new config_error_1.ConfigError(variable, 'key ids must be unique');
    return keys;
}
/** Outside production a missing key ring is generated once into DATA_DIR, so `npm start` just works. */
function developmentKeyRing(dataDir) {
    const file = (0, node_path_1.join)(dataDir, DEV_KEY_FILE);
    if (!(0, node_fs_1.existsSync)(file)) {
        (0, node_fs_1.mkdirSync)(dataDir, { recursive: true });
        (0, node_fs_1.writeFileSync)(file, `dev1:${(0, node_crypto_1.randomBytes)(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    }
    return parseKeyRing((0, node_fs_1.readFileSync)(file, 'utf8').trim(), `${file} (generated development key)`);
}
function parseSecuritySettings(env) {
    const app = (0, app_config_1.parseAppSettings)(env);
    const raw = (0, env_validation_1.readString)(env, 'TOKEN_ENCRYPTION_KEYS');
    if (raw === undefined && app.nodeEnv === 'production') {
        throw new config_error_1.ConfigError('TOKEN_ENCRYPTION_KEYS', 'is required in production (generate one with: openssl rand -base64 32)');
    }
    return {
        tokenKeys: raw === undefined ? developmentKeyRing(app.dataDir) : parseKeyRing(raw),
        cookieSecure: new URL(app.appUrl).protocol === 'https:',
    };
}
exports.securityConfig = (0, config_1.registerAs)('security', () => parseSecuritySettings(process.env));
//# sourceMappingURL=security.config.js.map