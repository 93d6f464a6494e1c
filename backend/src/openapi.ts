import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, OperationObject, ResponseObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_SCHEME, documentAuthentication } from './auth/api-docs';
import { AuthError } from './auth/auth.exception';
import { RolesError } from './roles/roles.exception';
import { ErrorResponse, errorCodesDescription } from './common/error-response';
import { LEAD_MAPPING_SCHEMAS } from './facebook-lead-ads/dto/mapping.schema';

export const DOCS_PATH = 'api/docs';

const ERROR_SCHEMA = { $ref: `#/components/schemas/${ErrorResponse.name}` };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The OpenAPI document the app serves at /api/docs and the SPA's types are generated from
 * (`npm run api:types`). It lives beside app.factory.ts because it spans every feature's metadata.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = documentAuthentication(
    new DocumentBuilder()
      .setTitle('Aurora Inbox Integrations')
      .setDescription('Connect an inbox account to third-party apps; read integration state and contacts.')
      .setVersion('1'),
  ).build();
  config.components = { ...config.components, schemas: { ...LEAD_MAPPING_SCHEMAS } };
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponse] });
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (operation) describeErrors(operation, method);
    }
  }
  return document;
}

export function serveOpenApiDocument(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app));
}

/**
 * Adds the answers the global guards give (401, and 403 for the origin, API keys and `@Roles`) and a default,
 * and makes every error response name its codes and carry the one ErrorResponse body.
 */
function describeErrors(operation: OperationObject, method: (typeof METHODS)[number]): void {
  // Without its own list an operation needs the document's default, a session. `@Public` marks itself
  // with an empty requirement because Nest drops an empty list.
  const security = operation.security;
  const isPublic = security?.every((requirement) => Object.keys(requirement).length === 0) ?? false;
  if (isPublic) {
    operation.security = [];
  } else {
    const acceptsKey = security?.some((requirement) => API_KEY_SCHEME in requirement) ?? false;
    addCodes(operation, 401, [AuthError.Unauthorized]);
    addCodes(operation, 403, [
      acceptsKey ? AuthError.MissingScope : AuthError.ForbiddenApiKey,
      ...('x-roles' in operation ? [RolesError.ForbiddenRole] : []),
    ]);
  }
  // The origin guard refuses changes a browser sends from another site (CSRF), signed in or not.
  if (method !== 'get' && !('x-server-to-server' in operation)) addCodes(operation, 403, [AuthError.ForbiddenOrigin]);
  operation.responses.default = {
    description: 'Any other failure, e.g. 500 `internal_error` (with a requestId) or 503 `service_unavailable`.',
    content: { 'application/json': { schema: ERROR_SCHEMA } },
  };
  for (const [status, response] of Object.entries(operation.responses)) {
    if (status === 'default' || Number(status) < 400) continue;
    const error = response as ResponseObject;
    error.description = errorCodesDescription(codesIn(error.description));
    error.content = { 'application/json': { schema: ERROR_SCHEMA } };
  }
}

/** The guards' codes go first: they answer before the handler runs. */
function addCodes(operation: OperationObject, status: number, codes: string[]): void {
  const existing = operation.responses[status] as ResponseObject | undefined;
  const description = errorCodesDescription([...codes, ...codesIn(existing?.description)]);
  operation.responses[status] = { ...existing, description };
}

/** Codes already listed (`code` in backticks), in order, once each; Nest joins repeated statuses' texts. */
function codesIn(description: string | undefined): string[] {
  return [...new Set(Array.from(description?.matchAll(/`([a-z_]+)`/g) ?? [], (match) => match[1]))];
}
