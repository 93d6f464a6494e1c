import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Role } from './role.enum';

export const ROLES_KEY = 'roles';

/**
 * A signed-in person needs one of these roles in the account (API keys are governed by `@Scopes`).
 * The OpenAPI document lists them, and the 403 that goes with them, from the same metadata.
 */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));
