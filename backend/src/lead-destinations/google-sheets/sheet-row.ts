import type { DestinationLead } from '../destination-definition';
import type { SheetColumnDto } from './google-sheets-settings.dto';

function cell(lead: DestinationLead, field: string): string {
  if (field.startsWith('answer:')) return lead.answers[field.slice('answer:'.length)] ?? '';
  switch (field) {
    case 'receivedAt':
      return lead.receivedAt.toISOString();
    case 'name':
      return lead.name ?? '';
    case 'email':
      return lead.email ?? '';
    case 'phone':
      return lead.phone ?? '';
    case 'form':
      return lead.formName ?? lead.formId ?? '';
    case 'source':
      return lead.source;
    case 'adId':
      return lead.adId ?? '';
    case 'contactUrl':
      return lead.contactUrl;
    default:
      return '';
  }
}

/** Plain strings only: with valueInputOption=RAW a leading `=` stays text, never a formula. */
export function sheetRow(lead: DestinationLead, columns: SheetColumnDto[]): string[] {
  return columns.map((column) => cell(lead, column.field));
}

/** A1 notation quoting: `'It''s here'!A1`. */
export function sheetRange(sheetName: string, cells: string): string {
  return `'${sheetName.replace(/'/g, "''")}'!${cells}`;
}

/** The id in a pasted `https://docs.google.com/spreadsheets/d/<id>/edit…` URL, or the text itself when it is an id. */
export function spreadsheetIdFrom(text: string): string | null {
  const fromUrl = /\/spreadsheets\/d\/([A-Za-z0-9_-]{10,100})/.exec(text);
  if (fromUrl) return fromUrl[1];
  return /^[A-Za-z0-9_-]{10,100}$/.test(text.trim()) ? text.trim() : null;
}
