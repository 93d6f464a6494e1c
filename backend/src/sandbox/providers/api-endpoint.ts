import type { OutgoingHttpHeaders } from 'node:http';
import type { ProviderRequestContext } from '../core/request-context';
import type { ApiCaller } from './bearer-auth';

/** One authenticated call to a provider API of the sandbox. */
export interface ApiCall {
  readonly ctx: ProviderRequestContext;
  readonly caller: ApiCaller;
  /** The path below `/<providerKey>/api`, e.g. `/crm/v3/objects/contacts`. */
  readonly path: string;
  readonly match: RegExpExecArray;
  readonly query: URLSearchParams;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: OutgoingHttpHeaders;
}

export interface ApiEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Matched against {@link ApiCall.path}. */
  path: RegExp;
  handle(call: ApiCall): ApiAnswer | Promise<ApiAnswer>;
}
