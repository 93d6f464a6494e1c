import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DestinationLead } from '../destination-definition';
import { DEFAULT_COLUMNS } from './google-sheets-settings.dto';
import { sheetRange, sheetRow, spreadsheetIdFrom } from './sheet-row';

const LEAD: DestinationLead = {
  eventId: '7',
  receivedAt: new Date('2026-12-01T10:00:00.000Z'),
  contactId: 'c1',
  contactUrl: 'https://inbox.example.com/contacts?contact=c1',
  name: '=HYPERLINK("x")',
  email: 'ada@example.com',
  phone: null,
  source: 'facebook-lead-ads',
  formId: '2000001',
  formName: 'Coffee subscription enquiry',
  adId: null,
  answers: { preferred_contact_time: 'Evening' },
};

describe(sheetRow.name, () => {
  it('fills the default columns in order, empty cells for what the lead lacks, formulas as plain strings', () => {
    assert.deepEqual(sheetRow(LEAD, DEFAULT_COLUMNS), [
      '2026-12-01T10:00:00.000Z',
      '=HYPERLINK("x")',
      'ada@example.com',
      '',
      'Coffee subscription enquiry',
      'facebook-lead-ads',
    ]);
  });

  it('reads custom answers by question key', () => {
    const columns = [
      { header: 'Call when', field: 'answer:preferred_contact_time' },
      { header: 'Budget', field: 'answer:budget' },
    ];
    assert.deepEqual(sheetRow(LEAD, columns), ['Evening', '']);
  });
});

describe(sheetRange.name, () => {
  it('quotes sheet names the A1 way', () => {
    assert.equal(sheetRange("It's leads", 'A1'), "'It''s leads'!A1");
  });
});

describe(spreadsheetIdFrom.name, () => {
  it('takes the id from a pasted link or a bare id, and nothing else', () => {
    assert.equal(
      spreadsheetIdFrom('https://docs.google.com/spreadsheets/d/1LeadsSandboxSheet0000001/edit#gid=0'),
      '1LeadsSandboxSheet0000001',
    );
    assert.equal(spreadsheetIdFrom(' 1LeadsSandboxSheet0000001 '), '1LeadsSandboxSheet0000001');
    assert.equal(spreadsheetIdFrom('https://example.com/not/a/sheet'), null);
  });
});
