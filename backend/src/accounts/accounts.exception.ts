import { DomainException, ErrorSpec } from '../common/domain.exception';

export enum AccountsError {
  EmailTaken = 'email_taken',
}

const ERRORS: Record<AccountsError, ErrorSpec> = {
  [AccountsError.EmailTaken]: { status: 409, message: 'A user with this e-mail address already exists.' },
};

export class AccountsException extends DomainException {
  constructor(code: AccountsError, message?: string) {
    super(code, ERRORS[code].status, message ?? ERRORS[code].message);
  }
}
