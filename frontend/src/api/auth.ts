import { request } from './http';
import type { LoginRequest, SessionUser } from './types';

export function login(credentials: LoginRequest): Promise<SessionUser> {
  return request<SessionUser>('POST', '/auth/login', { body: credentials, allowUnauthorized: true });
}

export function logout(): Promise<void> {
  return request<void>('POST', '/auth/logout', { allowUnauthorized: true });
}

export function fetchMe(): Promise<SessionUser> {
  return request<SessionUser>('GET', '/auth/me', { allowUnauthorized: true });
}
