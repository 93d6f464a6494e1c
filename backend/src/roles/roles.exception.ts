import { DomainException, ErrorSpec } from '../common/domain.exception';
import { ROLE_LABELS, Role } from './role.enum';

export enum RolesError {
  ForbiddenRole = 'forbidden_role',
}

const ERRORS: Record<RolesError, ErrorSpec> = {
  [RolesError.ForbiddenRole]: { status: 403, message: 'Your role does not allow this.' },
};

export class RolesException extends DomainException {
  constructor(code: RolesError, message?: string) {
    super(code, ERRORS[code].status, message ?? ERRORS[code].message);
  }

  /** Names the role(s) in words people use, so the SPA can say who to ask. */
  static missing(roles: Role[]): RolesException {
    return new RolesException(
      RolesError.ForbiddenRole,
      `This requires the ${roles.map((role) => ROLE_LABELS[role]).join(' or ')} role.`,
    );
  }
}
