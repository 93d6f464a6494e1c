import { ApiProperty } from '@nestjs/swagger';
import { Contact } from '../entities/contact.entity';

export class ContactResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'facebook-lead-ads' }) source!: string;
  @ApiProperty({ description: "The source's own id, e.g. Facebook's leadgen id." }) externalId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { preferred_contact_time: 'Morning' } })
  attributes!: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ContactPageResponse {
  @ApiProperty({ type: [ContactResponse] }) data!: ContactResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

function parseAttributes(json: string): Record<string, string> {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function toContactResponse(contact: Contact): ContactResponse {
  return {
    id: contact.id,
    source: contact.source,
    externalId: contact.externalId,
    name: contact.name,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    phone: contact.phone,
    attributes: parseAttributes(contact.attributes),
    createdAt: contact.createdAt.toISOString(),
  };
}
