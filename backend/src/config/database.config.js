"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.databaseConfig = void 0;
exports.parseDatabaseSettings = parseDatabaseSettings;
const node_path_1 = require("node:path");
const config_1 = require("@nestjs/config");
const config_error_1 = require("./config.error");
const app_config_1 = require("./app.config");
const env_validation_1 = require("./env.validation");
/** Embedded SQLite unless DATABASE_URL names a MySQL server. */
function parseDatabaseSettings(env) {
    const raw = (0, env_validation_1.readString)(env, 'DATABASE_URL');
    if (raw === undefined)
        return { type: 'sqlite', path: (0, node_path_1.join)((0, app_config_1.parseAppSettings)(env).dataDir, 'aurora.sqlite') };
    if (raw.startsWith('sqlite:')) {
        const path = raw.slice('sqlite:'.length).replace(/^\/\//, '');
        if (!path)
            throw new config_error_1.ConfigError('DATABASE_URL', 'a sqlite: URL needs a file path, e.g. sqlite:./data/aurora.sqlite');
        return { type: 'sqlite', path };
    }
    const url = (0, env_validation_1.readUrl)(env, 'DATABASE_URL', undefined, ['mysql:']);
    if (!new URL(url).pathname.slice(1))
        throw new config_error_1.ConfigError('DATABASE_URL', 'the MySQL URL must name a database');
    return { type: 'mysql', url };
}
exports.databaseConfig = (0, config_1.registerAs)('database', () => parseDatabaseSettings(process.env));
//# sourceMappingURL=database.config.js.map