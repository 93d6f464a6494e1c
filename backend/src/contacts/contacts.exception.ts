import { DomainException, ErrorSpec } from '../common/domain.exception';

export enum ContactsError {
  InvalidCursor = 'invalid_cursor',
}

const ERRORS: Record<ContactsError, ErrorSpec> = {
  [ContactsError.InvalidCursor]: {
    status: 400,
    message: 'cursor is not valid: pass the nextCursor of a previous page unchanged, or leave it out for the first page.',
  },
};

export class ContactsException extends DomainException {
  constructor(code: ContactsError, message?: string) {
    super(code, ERRORS[code].status, message ?? ERRORS[code].message);
  }
}
