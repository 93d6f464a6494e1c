import type { ContactFields } from '../contacts/contacts.service';

/** The contact fields a lead form question can feed. */
export const CONTACT_FIELDS = ['name', 'firstName', 'lastName', 'email', 'phone'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const CUSTOM_PREFIX = 'custom:';
export const CUSTOM_ATTRIBUTE = /^[a-zA-Z0-9_ ]{1,64}$/;

/** `name`, `firstName`, … or `custom:<attribute>`. */
export type MappingTarget = ContactField | `custom:${string}`;
/** Question key → contact field; questions left out are not imported. */
export type LeadMapping = Record<string, MappingTarget>;

export interface LeadFieldData {
  name: string;
  values: string[];
}

/** Facebook's standard question keys and where they belong. */
const SUGGESTIONS: Record<string, ContactField> = {
  full_name: 'name',
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  phone_number: 'phone',
};

export function isMappingTarget(value: unknown): value is MappingTarget {
  if (typeof value !== 'string') return false;
  if ((CONTACT_FIELDS as readonly string[]).includes(value)) return true;
  return value.startsWith(CUSTOM_PREFIX) && CUSTOM_ATTRIBUTE.test(value.slice(CUSTOM_PREFIX.length));
}

/** Custom question keys become attribute names, reduced to the characters attributes allow. */
function attributeName(questionKey: string): string {
  return questionKey.replace(/[^a-zA-Z0-9_ ]+/g, '_').slice(0, 64) || 'question';
}

export function suggestMapping(questionKeys: readonly string[]): LeadMapping {
  return Object.fromEntries(
    questionKeys.map((key) => [key, SUGGESTIONS[key] ?? (`${CUSTOM_PREFIX}${attributeName(key)}` as const)]),
  );
}

/** A field fed by two questions would keep whichever arrived last; refuse that up front. */
export function duplicateTarget(mapping: LeadMapping): MappingTarget | undefined {
  const seen = new Set<string>();
  for (const target of Object.values(mapping)) {
    const normalized = target.toLowerCase();
    if (seen.has(normalized)) return target;
    seen.add(normalized);
  }
  return undefined;
}

/** The contact fields a lead fills through the form's mapping; multi-value answers are joined. */
export function applyMapping(mapping: LeadMapping, fieldData: readonly LeadFieldData[]): ContactFields {
  const fields: ContactFields = {};
  const attributes: Record<string, string> = {};
  for (const field of fieldData) {
    const target = Object.hasOwn(mapping, field.name) ? mapping[field.name] : undefined;
    const value = field.values
      .map((v) => v.trim())
      .filter(Boolean)
      .join(', ');
    if (!target || !value) continue;
    if (target.startsWith(CUSTOM_PREFIX)) attributes[target.slice(CUSTOM_PREFIX.length)] = value.slice(0, 2000);
    else fields[target as ContactField] = value;
  }
  if (!fields.name && (fields.firstName || fields.lastName)) {
    fields.name = [fields.firstName, fields.lastName].filter(Boolean).join(' ');
  }
  return { ...fields, attributes };
}

export function parseMapping(json: string): LeadMapping {
  const value = JSON.parse(json) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, MappingTarget] => isMappingTarget(entry[1])));
}
