import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

function firstProblem(errors: ValidationError[], parent = ''): string {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const constraint = error.constraints && Object.values(error.constraints)[0];
    if (constraint) return constraint.replace(error.property, path);
    if (error.children?.length) return firstProblem(error.children, path);
  }
  return 'The request is not valid.';
}

/** The code of every 400 a DTO refuses. */
export const VALIDATION_FAILED = 'validation_failed';

/** Whitelisting DTO validation; the 400 names the first offending field so clients can fix it. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException({ error: VALIDATION_FAILED, message: firstProblem(errors) }),
  });
}
