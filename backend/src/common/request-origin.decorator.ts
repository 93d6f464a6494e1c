import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { RequestOrigin } from '../audit/audit.service';

/** The caller's IP and the request id, for audit events. */
export const CurrentOrigin = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestOrigin => {
  const request = ctx.switchToHttp().getRequest<Request & { id?: unknown }>();
  return { ip: request.ip ?? null, requestId: request.id === undefined ? null : String(request.id) };
});
