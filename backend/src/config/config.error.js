"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ConfigError = void 0;
/** A setting that prevents start-up; the message names the variable so the fix is obvious. */
class ConfigError extends Error {
    variable;
    constructor(variable, problem) {
        super(`Invalid setting ${variable}: ${problem}`);
        this.variable = variable;
        this.name = 'ConfigError';
    }
}
exports.ConfigError = ConfigError;
//# sourceMappingURL=config.error.js.map