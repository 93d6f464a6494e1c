"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readString = readString;
exports.readRequired = readRequired;
exports.readInt = readInt;
exports.readEnum = readEnum;
exports.readBoolean = readBoolean;
exports.readUrl = readUrl;
const config_error_1 = require("./config.error");
function readString(env, name, fallback) {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? fallback : value;
}
function readRequired(env, name) {
    const value = readString(env, name);
    if (value === undefined)
        throw new config_error_1.ConfigError(name, 'is required');
    return value;
}
function readInt(env, name, fallback, min = 0, max = Number.MAX_SAFE_INTEGER) {
    const raw = readString(env, name);
    if (raw === undefined)
        return fallback;
    if (!/^\d+$/.test(raw))
        throw new config_error_1.ConfigError(name, `expected a whole number, got "${raw}"`);
    const value = Number(raw);
    if (value < min || value > max)
        throw new config_error_1.ConfigError(name, `expected a number from ${min} to ${max}, got ${value}`);
    return value;
}
function readEnum(env, name, allowed, fallback) {
    const raw = readString(env, name);
    if (raw === undefined)
        return fallback;
    if (!allowed.includes(raw)) {
        throw new config_error_1.ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
    }
    return raw;
}
function readBoolean(env, name, fallback) {
    const raw = readString(env, name);
    if (raw === undefined)
        return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase()))
        return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase()))
        return false;
    throw new config_error_1.ConfigError(name, `expected true or false, got "${raw}"`);
}
function readUrl(env, name, fallback, protocols = ['http:', 'https:']) {
    const raw = readString(env, name, fallback);
    if (raw === undefined)
        return undefined;
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new config_error_1.ConfigError(name, `expected a URL, got "${raw}"`);
    }
    if (!protocols.includes(url.protocol)) {
        throw new config_error_1.ConfigError(name, `expected a ${protocols.join(' or ')} URL, got "${url.protocol}"`);
    }
    return raw.replace(/\/+$/, '');
}
//# sourceMappingURL=env.validation.js.map