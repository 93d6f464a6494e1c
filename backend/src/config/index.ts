import { appConfig, parseAppSettings } from './app.config';
import { authConfig, parseAuthSettings } from './auth.config';
import { databaseConfig, parseDatabaseSettings } from './database.config';
import { parseSandboxSettings, sandboxConfig } from './sandbox.config';
import { parseSecuritySettings, securityConfig } from './security.config';
import { RawEnv } from './env.validation';

export const CONFIG_NAMESPACES = [appConfig, authConfig, databaseConfig, securityConfig, sandboxConfig];

/** Parses every shared setting; `validateSettings` (src/settings.ts) adds the ones features own. */
export function validateEnv(env: RawEnv): RawEnv {
  parseAppSettings(env);
  parseAuthSettings(env);
  parseDatabaseSettings(env);
  parseSecuritySettings(env);
  parseSandboxSettings(env);
  return env;
}

export * from './app.config';
export * from './auth.config';
export * from './config.error';
export * from './database.config';
export * from './sandbox.config';
export * from './security.config';
