import { DomainException, ErrorSpec } from '../common/domain.exception';

export enum IntegrationError {
  UnknownIntegration = 'unknown_integration',
  NotConfigured = 'not_configured',
  AlreadyConnected = 'already_connected',
  NotConnected = 'not_connected',
  FlowNotFound = 'flow_not_found',
  FlowNotPending = 'flow_not_pending',
  ProviderUnavailable = 'provider_unavailable',
  ReauthRequired = 'reauth_required',
}

const ERRORS: Record<IntegrationError, ErrorSpec> = {
  [IntegrationError.UnknownIntegration]: { status: 404, message: 'There is no integration with that key.' },
  [IntegrationError.NotConfigured]: {
    status: 422,
    message: 'This integration has no OAuth credentials configured. Set its client id and secret, or enable the sandbox.',
  },
  [IntegrationError.AlreadyConnected]: { status: 409, message: 'This integration is already connected. Disconnect it first.' },
  [IntegrationError.NotConnected]: { status: 404, message: 'This integration is not connected.' },
  [IntegrationError.FlowNotFound]: { status: 404, message: 'There is no such authorization flow.' },
  [IntegrationError.FlowNotPending]: { status: 409, message: 'This authorization flow has already finished.' },
  [IntegrationError.ProviderUnavailable]: { status: 502, message: 'The provider is unavailable. Please try again in a moment.' },
  [IntegrationError.ReauthRequired]: {
    status: 409,
    message: 'The provider rejected the stored tokens. Reconnect the integration.',
  },
};

export class IntegrationException extends DomainException {
  constructor(code: IntegrationError, message?: string) {
    super(code, ERRORS[code].status, message ?? ERRORS[code].message);
  }
}
