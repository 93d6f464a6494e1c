import { DomainException, ErrorSpec } from '../../common/domain.exception';

export enum ProxyError {
  BodyTooLarge = 'body_too_large',
  InvalidPath = 'invalid_proxy_path',
  NoApiBase = 'no_api_base',
  ProviderTimeout = 'provider_timeout',
  ProviderUnreachable = 'provider_unreachable',
  ForeignRedirect = 'provider_redirect_refused',
  SessionNotAllowed = 'credentials_need_api_key',
}

const ERRORS: Record<ProxyError, ErrorSpec> = {
  [ProxyError.BodyTooLarge]: { status: 413, message: 'The request body is larger than the proxy forwards.' },
  [ProxyError.InvalidPath]: {
    status: 400,
    message: 'The path after /proxy must be a plain path under the provider API: no "." or ".." segments.',
  },
  [ProxyError.NoApiBase]: {
    status: 422,
    message: 'This provider has no API base URL for this connection. Set <PREFIX>_API_URL, or reconnect.',
  },
  [ProxyError.ProviderTimeout]: { status: 504, message: 'The provider did not answer in time.' },
  [ProxyError.ProviderUnreachable]: { status: 502, message: 'The provider could not be reached.' },
  [ProxyError.ForeignRedirect]: {
    status: 502,
    message: 'The provider redirected to another host; the proxy does not follow it.',
  },
  [ProxyError.SessionNotAllowed]: {
    status: 403,
    message: 'Credentials are handed only to API keys with the integrations:credentials scope, never to a browser session.',
  },
};

export class ProxyException extends DomainException {
  constructor(code: ProxyError, message?: string) {
    super(code, ERRORS[code].status, message ?? ERRORS[code].message);
  }
}
