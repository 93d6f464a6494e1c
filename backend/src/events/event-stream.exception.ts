import { DomainException, ErrorSpec } from '../common/domain.exception';

export enum EventStreamError {
  InvalidLastEventId = 'invalid_last_event_id',
  Draining = 'draining',
}

const ERRORS: Record<EventStreamError, ErrorSpec> = {
  [EventStreamError.InvalidLastEventId]: {
    status: 400,
    message: 'Last-Event-ID must be an event id (a whole number) this stream sent.',
  },
  [EventStreamError.Draining]: { status: 503, message: 'This instance is shutting down; connect again.' },
};

export class EventStreamException extends DomainException {
  constructor(code: EventStreamError) {
    super(code, ERRORS[code].status, ERRORS[code].message);
  }
}
