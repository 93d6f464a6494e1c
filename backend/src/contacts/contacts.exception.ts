import { DomainException, ErrorSpec } from '../common/domain.exception';

export enum ContactsError {
  InvalidCursor = 'invalid_cursor',
  InvalidDateRange = 'invalid_date_range',
  NotFound = 'contact_not_found',
}

const ERRORS: Record<ContactsError, ErrorSpec> = {
  [ContactsError.InvalidCursor]: {
    status: 400,
    message: 'cursor is not valid: pass the nextCursor of a previous page unchanged, or leave it out for the first page.',
  },
  [ContactsError.InvalidDateRange]: { status: 400, message: 'to must be on or after from.' },
  [ContactsError.NotFound]: { status: 404, message: 'No contact with this id in your account.' },
};

export class ContactsException extends DomainException {
  constructor(code: ContactsError, message?: string) {
    super(code, ERRORS[code].status, message ?? ERRORS[code].message);
  }
}
