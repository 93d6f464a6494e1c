import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DESTINATION_ENV, DestinationsHarness } from './support/destinations-harness';
import { SignedInDriver, signedInAdmin } from './support/signed-in';
import { testDatabaseKind } from './support/test-database';
import { startTestStack, TestStack } from './support/test-stack';

const KEY = 'google-sheets';
const SHEET = '1LeadsSandboxSheet0000001';
const HEADER = ['Received at', 'Name', 'E-mail', 'Phone', 'Form', 'Source'];

/** Google Sheets lead rows: a header once, then one row per lead in order, values as text. */
describe(`Google Sheets lead rows (${testDatabaseKind()})`, () => {
  let stack: TestStack;
  let h: DestinationsHarness;
  let admin: SignedInDriver;
  let n = 0;
  const rows = async () =>
    (await h.log('sheet_row')).filter((r) => r.data?.spreadsheetId === SHEET).map((r) => r.data?.values as string[]);

  before(async () => {
    stack = await startTestStack({ env: DESTINATION_ENV });
    h = new DestinationsHarness(stack);
    admin = await signedInAdmin(stack.app);
    await h.importLeads(admin);
    await admin.connect(KEY);
  });
  after(() => stack.close());
  beforeEach(() => h.reset());

  it('lists spreadsheets only, and the sheets of a pasted URL', async () => {
    const list = await h.json<{ items: { id: string; name: string }[] }>(
      admin,
      'GET',
      `/api/v1/integrations/${KEY}/destination/lookups/spreadsheets`,
    );
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((s) => s.name),
      ['Leads 2026', 'Sales pipeline', 'Board report (view only)'],
    );
    const url = encodeURIComponent(`https://docs.google.com/spreadsheets/d/${SHEET}/edit#gid=0`);
    const sheets = await h.json<{ items: { name: string }[] }>(
      admin,
      'GET',
      `/api/v1/integrations/${KEY}/destination/lookups/sheets?id=${url}`,
    );
    assert.deepEqual(
      sheets.body.items.map((s) => s.name),
      ['Sheet1', 'Archive'],
    );
    const defaults = await h.destination(admin, KEY);
    assert.deepEqual(
      (defaults.body.settings.columns as { header: string }[]).map((c) => c.header),
      HEADER,
    );
  });

  it('writes the header into an empty sheet, then one row per lead in order, formulas as text', async () => {
    const settings = (await h.destination(admin, KEY)).body.settings;
    const saved = await h.json(admin, 'PUT', `/api/v1/integrations/${KEY}/destination`, {
      ...settings,
      spreadsheetId: SHEET,
      spreadsheetName: 'Leads 2026',
    });
    assert.equal(saved.status, 200);
    for (const name of ['Ada Lovelace', '=HYPERLINK("x")', 'Grace Hopper']) await h.lead(name, ++n);
    const written = await h.until('header + 3 rows', rows, (r) => r.length === 4);
    assert.deepEqual(written[0], HEADER);
    assert.deepEqual(
      written.slice(1).map((r) => r[1]),
      ['Ada Lovelace', '=HYPERLINK("x")', 'Grace Hopper'],
    );
    const appends = await h.log('sheet_row');
    assert.ok(
      appends.every((a) => a.data?.valueInputOption === 'RAW'),
      'never USER_ENTERED, so = stays text',
    );
  });

  it('refreshes an access token that expired mid-run without losing or repeating a row', async () => {
    await h.lead('Before Expiry', ++n);
    await h.until('first row', rows, (r) => r.length === 1);
    await h.control('expire-tokens', { providerKey: KEY });
    await h.lead('After Expiry', ++n);
    await h.until('second row', rows, (r) => r.length === 2);
    await h.settled(admin, KEY, 5);
    assert.deepEqual(
      (await rows()).map((r) => r[1]),
      ['Before Expiry', 'After Expiry'],
    );
    assert.equal((await h.log('token_refresh')).length, 1);
  });

  it('says a 403 and a 429 in plain words; the 429 row follows after Retry-After', async () => {
    const view = await h.json<{ message: string }>(admin, 'POST', `/api/v1/integrations/${KEY}/destination/test`, {
      spreadsheetId: '1ViewOnlySandboxSheet0003',
      sheetName: 'Sheet1',
      columns: [{ header: 'Name', field: 'name' }],
    });
    assert.equal(view.status, 422);
    assert.match(view.body.message, /may not edit/);
    await h.scriptError(KEY, 'values.append', '429', 1, 1);
    await h.lead('Slow Down', ++n);
    const [row] = await h.until('row after 429', rows, (r) => r.length === 1);
    assert.equal(row[1], 'Slow Down');
    await h.settled(admin, KEY, 6);
    assert.equal((await rows()).length, 1);
  });

  it('refuses a column mapping it cannot fill with 400 naming the field', async () => {
    const bad = await h.json<{ message: string }>(admin, 'PUT', `/api/v1/integrations/${KEY}/destination`, {
      spreadsheetId: SHEET,
      sheetName: 'Sheet1',
      columns: [{ header: 'Salary', field: 'salary' }],
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /columns\.0\.field/);
  });
});
