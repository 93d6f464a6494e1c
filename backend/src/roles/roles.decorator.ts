import { SetMetadata } from '@nestjs/common';
import { Role } from './role.enum';

export const ROLES_KEY = 'roles';

/** A signed-in person needs one of these roles in the account (API keys are governed by `@Scopes`). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
