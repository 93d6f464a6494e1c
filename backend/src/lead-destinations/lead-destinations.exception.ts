import { DomainException, ErrorSpec } from '../common/domain.exception';

export enum LeadDestinationError {
  NotSupported = 'destination_not_supported',
  UnknownLookup = 'destination_lookup_not_found',
  ProviderRefused = 'destination_provider_refused',
  ReauthRequired = 'reauth_required',
}

const ERRORS: Record<LeadDestinationError, ErrorSpec> = {
  [LeadDestinationError.NotSupported]: { status: 404, message: 'This integration does not receive leads.' },
  [LeadDestinationError.UnknownLookup]: { status: 404, message: 'This integration has no such list.' },
  [LeadDestinationError.ProviderRefused]: { status: 422, message: 'The provider refused the request.' },
  [LeadDestinationError.ReauthRequired]: { status: 409, message: 'Reconnect the integration first.' },
};

export class LeadDestinationException extends DomainException {
  constructor(code: LeadDestinationError, message?: string) {
    super(code, ERRORS[code].status, message ?? ERRORS[code].message);
  }
}
