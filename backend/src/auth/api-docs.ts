import { DocumentBuilder } from '@nestjs/swagger';
import { SESSION_COOKIE } from './sessions.service';

/** Names of the two ways to call the API, as the OpenAPI document declares them. */
export const SESSION_SCHEME = 'session';
export const API_KEY_SCHEME = 'api-key';

/** Declares both schemes; operations need a session unless they say otherwise (`@Public`, `@Scopes`). */
export function documentAuthentication(builder: DocumentBuilder): DocumentBuilder {
  return builder
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Browser session set by POST /auth/login.' },
      SESSION_SCHEME,
    )
    .addSecurity(API_KEY_SCHEME, {
      type: 'http',
      scheme: 'bearer',
      description:
        'Service API key (`Authorization: Bearer aur_…`). Accepted only by operations that list this scheme, ' +
        'with one of the scopes in their `x-api-key-scopes`.',
    })
    .addSecurityRequirements(SESSION_SCHEME);
}
