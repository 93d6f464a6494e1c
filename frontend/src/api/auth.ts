import { call } from './client';
import type { LoginDto } from './schema';

export function login(credentials: LoginDto) {
  return call('post', '/auth/login', { body: credentials, allowUnauthorized: true });
}

export function logout() {
  return call('post', '/auth/logout', { allowUnauthorized: true });
}

/** The signed-in person or null; asks the probe that answers 200 either way, so signed out logs no error. */
export async function fetchMe() {
  return (await call('get', '/auth/session')).user;
}
