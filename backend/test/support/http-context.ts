import type { ExecutionContext } from '@nestjs/common';

/** Just enough of an HTTP ExecutionContext for unit-testing guards against a decorated handler. */
export function httpContext(
  request: object,
  handler: () => unknown,
  controller: abstract new (...args: never[]) => unknown,
): ExecutionContext {
  return {
    getHandler: () => handler,
    getClass: () => controller,
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}), getNext: () => () => undefined }),
  } as unknown as ExecutionContext;
}
