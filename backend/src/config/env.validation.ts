import { ConfigError } from './config.error';

/**
 * Reads raw environment values into typed primitives. Every parser names the variable it rejects,
 * so a bad setting stops start-up with one clear line instead of failing later somewhere deep.
 */
export type RawEnv = Record<string, string | undefined>;

export function readString(env: RawEnv, name: string, fallback?: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? fallback : value;
}

export function readRequired(env: RawEnv, name: string): string {
  const value = readString(env, name);
  if (value === undefined) throw new ConfigError(name, 'is required');
  return value;
}

export function readInt(env: RawEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${value}`);
  return value;
}

export function readEnum<T extends string>(env: RawEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

export function readBoolean(env: RawEnv, name: string, fallback: boolean): boolean {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

export function readUrl(env: RawEnv, name: string, fallback?: string, protocols = ['http:', 'https:']): string | undefined {
  const raw = readString(env, name, fallback);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `expected a URL, got "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL, got "${url.protocol}"`);
  }
  return raw.replace(/\/+$/, '');
}
