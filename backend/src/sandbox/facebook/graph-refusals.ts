import { GraphError } from './graph-format';

/** Graph's throttling codes the sandbox can answer with (app, user, page, custom, page business use case). */
export const RATE_LIMIT_CODES = [4, 17, 32, 613, 80001] as const;
export type RateLimitCode = (typeof RATE_LIMIT_CODES)[number];

const RATE_LIMIT_MESSAGES: Record<RateLimitCode, string> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  613: '(#613) Calls to this api have exceeded the rate limit.',
  80001: '(#80001) There have been too many calls to this Page account. Wait a bit and try again.',
};

/**
 * What Meta refuses lead reads for, switched by control calls: forms whose Page has not assigned the app
 * in Leads Access Manager (Graph answers 100/33 as for a missing object) and pages over a rate limit
 * for their next `calls` lead reads.
 */
export class GraphRefusals {
  private readonly refusedForms = new Set<string>();
  private readonly rateLimited = new Map<string, { code: RateLimitCode; remaining: number }>();

  setLeadsAccess(formId: string, granted: boolean): void {
    if (granted) this.refusedForms.delete(formId);
    else this.refusedForms.add(formId);
  }

  rateLimit(pageId: string, code: RateLimitCode, calls: number): void {
    if (calls <= 0) this.rateLimited.delete(pageId);
    else this.rateLimited.set(pageId, { code, remaining: calls });
  }

  /** Throws Graph's answer when a read of this form's leads is refused; the lead (or form) id is echoed as Meta does. */
  checkLeadRead(pageId: string, formId: string, objectId: string): void {
    const limit = this.rateLimited.get(pageId);
    if (limit) {
      if (--limit.remaining <= 0) this.rateLimited.delete(pageId);
      throw new GraphError(400, limit.code, RATE_LIMIT_MESSAGES[limit.code]);
    }
    if (this.refusedForms.has(formId)) {
      throw new GraphError(
        400,
        100,
        `Unsupported get request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        33,
      );
    }
  }

  clear(): void {
    this.refusedForms.clear();
    this.rateLimited.clear();
  }
}
