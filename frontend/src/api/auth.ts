import { call } from './client';
import type { LoginDto } from './schema';

export function login(credentials: LoginDto) {
  return call('post', '/auth/login', { body: credentials, allowUnauthorized: true });
}

export function logout() {
  return call('post', '/auth/logout', { allowUnauthorized: true });
}

export function fetchMe() {
  return call('get', '/auth/me', { allowUnauthorized: true });
}
