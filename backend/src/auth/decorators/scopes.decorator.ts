import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { API_KEY_SCHEME, SESSION_SCHEME } from '../api-docs';
import { Scope } from '../scope.enum';

export const SCOPES_KEY = 'scopes';

/**
 * API keys may call the route with one of these scopes; without `@Scopes` a route is for people only.
 * The same metadata advertises the API key in the OpenAPI document, so the two cannot disagree.
 */
export const Scopes = (...scopes: Scope[]) =>
  applyDecorators(
    SetMetadata(SCOPES_KEY, scopes),
    ApiSecurity(SESSION_SCHEME),
    ApiSecurity(API_KEY_SCHEME),
    ApiExtension('x-api-key-scopes', scopes),
  );
