import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Far deeper than any body this API accepts, far shallower than what overflows a recursive validator. */
export const MAX_BODY_DEPTH = 32;

/** JSON may escape half of a surrogate pair (`"\ud800"`); no such string is text, and validators throw on it. */
const LONE_SURROGATE = /\p{Cs}/u;

export type BodyProblem = 'body_too_deep' | 'invalid_unicode';

const MESSAGES: Record<BodyProblem, string> = {
  body_too_deep: `The request body is nested more than ${MAX_BODY_DEPTH} levels deep.`,
  invalid_unicode: 'The request body contains a string that is not valid Unicode.',
};

/** Walks with its own stack, so measuring a hostile body cannot overflow the call stack it protects. */
export function bodyProblem(value: unknown, maxDepth = MAX_BODY_DEPTH): BodyProblem | null {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current === 'string' && LONE_SURROGATE.test(current)) return 'invalid_unicode';
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return 'body_too_deep';
    for (const [key, child] of Object.entries(current)) {
      if (LONE_SURROGATE.test(key)) return 'invalid_unicode';
      pending.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Runs right after the body parsers (JSON, urlencoded, and the raw-body webhook route, which parses JSON
 * too): a body nested more than MAX_BODY_DEPTH levels, or holding a string that is not text, is refused
 * before any guard, pipe or handler reads it.
 */
export function rejectMalformedBodies(req: Request, _res: Response, next: NextFunction): void {
  const problem = bodyProblem(req.body);
  next(problem ? new BadRequestException({ error: problem, message: MESSAGES[problem] }) : undefined);
}
