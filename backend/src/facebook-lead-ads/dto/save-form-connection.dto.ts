import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { CONTACT_FIELDS, isMappingTarget, LeadMapping } from '../lead-mapping';
import { MAPPING_SCHEMA } from './mapping.schema';

const MAX_QUESTIONS = 100;
const MAX_KEY_LENGTH = 200;

@ValidatorConstraint({ name: 'leadMapping' })
class LeadMappingConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return problem(value) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return problem(args.value) ?? 'mapping is not valid';
  }
}

function problem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'mapping must be an object of question key → field';
  const entries = Object.entries(value);
  if (entries.length > MAX_QUESTIONS) return `mapping may hold at most ${MAX_QUESTIONS} questions`;
  for (const [key, target] of entries) {
    if (key.length === 0 || key.length > MAX_KEY_LENGTH)
      return `mapping keys must be question keys of 1 to ${MAX_KEY_LENGTH} characters`;
    if (!isMappingTarget(target)) {
      return `mapping.${key} must be one of ${CONTACT_FIELDS.join(', ')} or custom:<attribute> (letters, digits, _ and spaces, at most 64)`;
    }
  }
  return undefined;
}

export class SaveFormConnectionDto {
  @ApiProperty({ example: '1000001', description: 'The Page the form belongs to.' })
  @IsString()
  @Matches(/^[0-9]{1,64}$/, { message: 'pageId must be a Facebook Page id' })
  pageId!: string;

  @ApiPropertyOptional({ description: "Shown in the list; defaults to the form's name at Facebook." })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  formName?: string;

  @ApiProperty({
    ...MAPPING_SCHEMA,
    example: {
      full_name: 'name',
      email: 'email',
      phone_number: 'phone',
      preferred_contact_time: 'custom:preferred_contact_time',
    },
    description:
      'Question key → name | firstName | lastName | email | phone | custom:<attribute>. Questions left out are not imported.',
  })
  @Validate(LeadMappingConstraint)
  mapping!: LeadMapping;
}
