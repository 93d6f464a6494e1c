import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** Where a request came from, recorded with each event it causes. */
export interface RequestOrigin {
  ip: string | null;
  requestId: string | null;
}

/** The caller's IP and the request id, for audit events. */
export const CurrentOrigin = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestOrigin => {
  const request = ctx.switchToHttp().getRequest<Request & { id?: unknown }>();
  return { ip: request.ip ?? null, requestId: request.id === undefined ? null : String(request.id) };
});
