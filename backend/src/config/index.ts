import { appConfig, parseAppSettings } from './app.config';
import { authConfig, parseAuthSettings } from './auth.config';
import { databaseConfig, parseDatabaseSettings } from './database.config';
import { facebookConfig, parseFacebookSettings } from './facebook.config';
import { parseProvidersSettings, providersConfig } from './providers.config';
import { parseSandboxSettings, sandboxConfig } from './sandbox.config';
import { parseSecuritySettings, securityConfig } from './security.config';
import { RawEnv } from './env.validation';

export const CONFIG_NAMESPACES = [
  appConfig,
  authConfig,
  databaseConfig,
  securityConfig,
  sandboxConfig,
  providersConfig,
  facebookConfig,
];

/** Parses every setting once at start-up; the first bad one throws a ConfigError naming it. */
export function validateEnv(env: RawEnv): RawEnv {
  parseAppSettings(env);
  parseAuthSettings(env);
  parseDatabaseSettings(env);
  parseSecuritySettings(env);
  parseSandboxSettings(env);
  parseProvidersSettings(env);
  parseFacebookSettings(env);
  return env;
}

export * from './app.config';
export * from './auth.config';
export * from './config.error';
export * from './database.config';
export * from './facebook.config';
export * from './providers.config';
export * from './sandbox.config';
export * from './security.config';
