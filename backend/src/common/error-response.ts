import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** The one body of every error answer (DESIGN §4), built by the exception filter. */
export class ErrorResponse {
  @ApiProperty({ example: 403 }) statusCode!: number;

  @ApiProperty({
    example: 'forbidden_role',
    description: 'Machine-readable code; the codes each operation can answer are listed on its responses.',
  })
  error!: string;

  @ApiProperty({ example: 'This requires the Channels Administrator role.', description: 'A sentence for people.' })
  message!: string;

  @ApiPropertyOptional({ description: 'Only on 500: quote it when reporting the problem.' })
  requestId?: string;
}

/** Lists the error codes an operation answers with one status; every one of them has the ErrorResponse body. */
export function ApiErrorResponse(status: number, ...codes: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiResponse({ status, description: errorCodesDescription(codes), type: ErrorResponse }));
}

export function errorCodesDescription(codes: readonly string[]): string {
  return `error: ${codes.map((code) => `\`${code}\``).join(', ')}`;
}
