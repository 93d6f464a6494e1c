import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Far deeper than any body this API accepts, far shallower than what overflows a recursive validator. */
export const MAX_BODY_DEPTH = 32;

/** Walks with its own stack, so measuring a hostile body cannot overflow the call stack it protects. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/**
 * Runs right after the body parsers (JSON, urlencoded, and the raw-body webhook route, which parses JSON
 * too): a body nested more than MAX_BODY_DEPTH levels is refused before any guard, pipe or handler reads it.
 */
export function rejectDeepBodies(req: Request, _res: Response, next: NextFunction): void {
  if (!nestedDeeperThan(req.body, MAX_BODY_DEPTH)) return next();
  next(
    new BadRequestException({
      error: 'body_too_deep',
      message: `The request body is nested more than ${MAX_BODY_DEPTH} levels deep.`,
    }),
  );
}
