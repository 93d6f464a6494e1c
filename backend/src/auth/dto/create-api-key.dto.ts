import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsEnum, IsString, Length } from 'class-validator';
import { Scope } from '../scope.enum';

const SCOPES = Object.values(Scope);

export class CreateApiKeyDto {
  @ApiProperty({ description: 'Tells people which service holds the key.', example: 'Billing sync', maxLength: 100 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'name must be text' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  name!: string;

  @ApiProperty({ enum: SCOPES, enumName: 'Scope', isArray: true, description: 'What the key may read.' })
  @IsArray({ message: 'scopes must be a list' })
  @ArrayNotEmpty({ message: 'scopes must name at least one scope' })
  @ArrayUnique({ message: 'scopes must not repeat a scope' })
  @IsEnum(Scope, { each: true, message: `scopes must each be one of: ${SCOPES.join(', ')}` })
  scopes!: Scope[];
}
