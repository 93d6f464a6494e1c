import { getSchemaPath } from '@nestjs/swagger';
import { CONTACT_FIELDS, CUSTOM_ATTRIBUTE, CUSTOM_PREFIX } from '../lead-mapping';

/** Named schemas of a lead form mapping; not classes, so the OpenAPI document adds them itself. */
export const LEAD_MAPPING_SCHEMAS = {
  ContactField: { type: 'string', enum: [...CONTACT_FIELDS] },
  MappingTarget: {
    description: 'A contact field, or `custom:<attribute>` (letters, digits, _ and spaces, at most 64).',
    oneOf: [
      { $ref: getSchemaPath('ContactField') },
      { type: 'string', pattern: `^${CUSTOM_PREFIX}${CUSTOM_ATTRIBUTE.source.slice(1)}` },
    ],
  },
  LeadMapping: {
    type: 'object',
    description: 'Question key → mapping target; questions left out are not imported.',
    additionalProperties: { $ref: getSchemaPath('MappingTarget') },
  },
};

export const MAPPING_SCHEMA = { allOf: [{ $ref: getSchemaPath('LeadMapping') }] };
