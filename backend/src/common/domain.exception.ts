/**
 * Base of every feature's exception. Features throw `XxxException(XxxError.Code)` and keep their own
 * code → status table next to the enum; HTTP stays at the edge in the one exception filter.
 */
export interface ErrorSpec {
  status: number;
  message: string;
}

export abstract class DomainException extends Error {
  protected constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
