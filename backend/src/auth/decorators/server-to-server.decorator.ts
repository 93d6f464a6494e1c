import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const SERVER_TO_SERVER_KEY = 'serverToServer';

/**
 * Marks a route that another server calls (a provider's webhook), never a browser: it is exempt from the
 * Origin check and must authenticate every request itself, by a signature or a shared secret. The
 * OpenAPI document reads the same mark, so it lists the Origin refusal exactly where the guard applies.
 */
export const ServerToServer = () =>
  applyDecorators(SetMetadata(SERVER_TO_SERVER_KEY, true), ApiExtension('x-server-to-server', true));
