import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
  SecuritySchemeObject,
} from '@nestjs/swagger';
import { Scope } from '../src/auth/scope.enum';
import { buildOpenApiDocument } from '../src/openapi';
import { createApiKey, createAccount } from './factories/accounts.factory';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

interface Operation {
  method: string;
  path: string;
  operation: OperationObject & { 'x-api-key-scopes'?: string[] };
}

const ERROR_SCHEMA = '#/components/schemas/ErrorResponse';
/** Values for path parameters, so every operation can be called. */
const PATH_VALUES: Record<string, string> = { key: 'hubspot', flowId: randomUUID(), pageId: '1000001', formId: '2000001' };

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'delete'] as const).flatMap((method) => {
      const operation = item[method];
      return operation ? [{ method: method.toUpperCase(), path, operation }] : [];
    }),
  );
}

const acceptsApiKey = ({ operation }: Operation) => (operation.security ?? []).some((requirement) => 'api-key' in requirement);
const isPublic = ({ operation }: Operation) => operation.security?.length === 0;

describe(`the OpenAPI document (${testDatabaseKind()})`, () => {
  let app: TestApp;
  let document: OpenAPIObject;
  let operations: Operation[];

  before(async () => {
    app = await startTestApp();
    document = (await (await fetch(`${app.url}/api/docs-json`)).json()) as OpenAPIObject;
    operations = operationsOf(document);
  });
  after(() => app.close());

  it('is served exactly as `npm run api:types` builds it for the SPA types', () => {
    assert.deepEqual(document, JSON.parse(JSON.stringify(buildOpenApiDocument(app.app))));
    assert.ok(operations.length >= 20, `only ${operations.length} operations documented`);
  });

  it('names every operation in camelCase, each once', () => {
    const ids = operations.map(({ operation }) => operation.operationId ?? '');
    for (const id of ids) assert.match(id, /^[a-z][a-zA-Z]+$/, `operationId "${id}" is not a meaningful camelCase name`);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('declares the API key as its own bearer scheme (not a JWT) next to the session cookie', () => {
    const { type, scheme, bearerFormat } = document.components?.securitySchemes?.['api-key'] as SecuritySchemeObject;
    assert.deepEqual({ type, scheme, bearerFormat }, { type: 'http', scheme: 'bearer', bearerFormat: undefined });
    const session = document.components?.securitySchemes?.session as SecuritySchemeObject;
    assert.deepEqual(
      { type: session.type, in: session.in, name: session.name },
      { type: 'apiKey', in: 'cookie', name: 'aurora_session' },
    );
    assert.deepEqual(document.security, [{ session: [] }]);
  });

  it('advertises the API key exactly on the operations a service may call', () => {
    assert.deepEqual(
      operations
        .filter(acceptsApiKey)
        .map(({ operation }) => `${operation.operationId} ${JSON.stringify(operation['x-api-key-scopes'])}`)
        .sort(),
      [
        `getConnectionCredentials ["${Scope.IntegrationsCredentials}"]`,
        `getContact ["${Scope.ContactsRead}"]`,
        `getIntegration ["${Scope.IntegrationsRead}"]`,
        `listContacts ["${Scope.ContactsRead}"]`,
        `listEvents ["${Scope.EventsRead}"]`,
        `listIntegrations ["${Scope.IntegrationsRead}"]`,
        `proxyDelete ["${Scope.IntegrationsProxy}"]`,
        `proxyGet ["${Scope.IntegrationsProxy}"]`,
        `proxyPost ["${Scope.IntegrationsProxy}"]`,
        `proxyPut ["${Scope.IntegrationsProxy}"]`,
      ],
    );
  });

  it('matches what the guards do: a key with every scope gets past them exactly where the document says', async () => {
    const key = await createApiKey(app.app, await createAccount(app.app), Object.values(Scope));
    for (const entry of operations.filter((candidate) => !isPublic(candidate))) {
      const path = entry.path.replace(/\{(\w+)\}/g, (_match, name: string) => PATH_VALUES[name] ?? name);
      const response = await fetch(`${app.url}${path}`, {
        method: entry.method,
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: entry.method === 'GET' || entry.method === 'DELETE' ? undefined : '{}',
      });
      const body = (await response.json().catch(() => null)) as { error?: string } | null;
      const label = `${entry.method} ${entry.path} answered ${response.status} ${body?.error ?? ''}`;
      if (acceptsApiKey(entry)) assert.ok(response.status !== 401 && response.status !== 403, label);
      else assert.equal(body?.error, 'forbidden_api_key', label);
    }
  });

  it('gives every error response the one ErrorResponse body, and every private operation its 401 and 403', () => {
    for (const { method, path, operation } of operations) {
      const label = `${method} ${path}`;
      const statuses = Object.keys(operation.responses);
      assert.ok(statuses.includes('default'), `${label} has no default error response`);
      for (const status of statuses.filter((status) => status === 'default' || Number(status) >= 400)) {
        const response = operation.responses[status] as ResponseObject;
        const schema = response.content?.['application/json']?.schema as ReferenceObject | undefined;
        assert.equal(schema?.$ref, ERROR_SCHEMA, `${label} ${status}`);
        if (status !== 'default') assert.match(response.description, /^error: `[a-z_]+`(, `[a-z_]+`)*$/, `${label} ${status}`);
      }
      if (!isPublic({ method, path, operation })) {
        assert.ok(statuses.includes('401') && statuses.includes('403'), `${label} lacks 401/403`);
      }
    }
  });

  it('marks every timestamp as date-time and every closed set of values as an enum', () => {
    const schemas = document.components?.schemas as Record<string, SchemaObject>;
    const enumOf = (name: string) => schemas[name]?.enum;
    for (const [name, schema] of Object.entries(schemas)) {
      for (const [property, definition] of Object.entries(schema.properties ?? {})) {
        if (/(^at|At)$/.test(property)) assert.equal((definition as SchemaObject).format, 'date-time', `${name}.${property}`);
      }
    }
    assert.deepEqual(enumOf('FlowStatus'), ['pending', 'connected', 'denied', 'failed', 'expired']);
    assert.deepEqual(enumOf('IntegrationStatus'), ['connected', 'disconnected', 'reauth_required']);
    assert.deepEqual(enumOf('ContactField'), ['name', 'firstName', 'lastName', 'email', 'phone']);
    assert.ok(enumOf('ActivityType')?.includes('revoked'));
    assert.ok(enumOf('IntegrationCategory')?.includes('Lead capture'));
  });
});
