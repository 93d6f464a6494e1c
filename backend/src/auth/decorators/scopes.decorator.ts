import { SetMetadata } from '@nestjs/common';
import { Scope } from '../scope.enum';

export const SCOPES_KEY = 'scopes';

/** API keys may call the route with one of these scopes; without `@Scopes` a route is for people only. */
export const Scopes = (...scopes: Scope[]) => SetMetadata(SCOPES_KEY, scopes);
