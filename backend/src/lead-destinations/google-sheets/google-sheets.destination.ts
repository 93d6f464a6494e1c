import { ApiResponse, DeliveryFailure, DestinationApi, DestinationDefinition, LookupPage } from '../destination-definition';
import { DEFAULT_COLUMNS, GoogleSheetsSettingsDto } from './google-sheets-settings.dto';
import { sheetRange, sheetRow, spreadsheetIdFrom } from './sheet-row';

const SPREADSHEET_MIME = 'application/vnd.google-apps.spreadsheet';

interface DriveFiles {
  files?: { id: string; name: string; modifiedTime?: string }[];
  nextPageToken?: string;
}

interface Spreadsheet {
  properties?: { title?: string };
  sheets?: { properties?: { sheetId?: number; title?: string } }[];
}

/** Google's statuses in plain words; a 401 reaches here only after the refresh and one retry failed. */
function googleProblem(response: ApiResponse, what: string): DeliveryFailure {
  switch (response.status) {
    case 401:
      return new DeliveryFailure('reauth', 'Google no longer accepts Aurora Inbox\u2019s access. Reconnect Google Sheets.');
    case 403:
      return new DeliveryFailure(
        'blocked',
        `The connected Google account may not edit ${what}. Share it with that account or pick another.`,
      );
    case 404:
      return new DeliveryFailure('blocked', `${what} no longer exists or was moved out of reach. Pick another spreadsheet.`);
    case 429:
      return new DeliveryFailure(
        'retry',
        'Google asked us to slow down; the row will follow shortly.',
        response.retryAfterSeconds ?? 30,
      );
    case 400:
      return new DeliveryFailure(
        'blocked',
        `Google refused the request for ${what}: the sheet may have been renamed or deleted.`,
      );
    default:
      return new DeliveryFailure('retry', `Google is having trouble (HTTP ${response.status}); retrying.`);
  }
}

async function googleCall(
  api: DestinationApi,
  method: 'GET' | 'POST',
  url: string,
  what: string,
  body?: unknown,
): Promise<unknown> {
  const response = await api.call(method, url, body);
  if (response.status >= 300) throw googleProblem(response, what);
  return response.body;
}

async function listSpreadsheets(api: DestinationApi, query?: string, cursor?: string): Promise<LookupPage> {
  const clauses = [`mimeType='${SPREADSHEET_MIME}'`, 'trashed=false'];
  const name = query?.trim();
  if (name) clauses.push(`name contains '${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
  const params = new URLSearchParams({
    q: clauses.join(' and '),
    pageSize: '50',
    orderBy: 'modifiedTime desc',
    fields: 'nextPageToken,files(id,name,modifiedTime)',
  });
  if (cursor) params.set('pageToken', cursor);
  const answer = (await googleCall(api, 'GET', `${api.baseUrl('drive')}/files?${params}`, 'Google Drive')) as DriveFiles;
  return {
    items: (answer.files ?? []).map((file) => ({ id: file.id, name: file.name, detail: file.modifiedTime })),
    nextCursor: answer.nextPageToken ?? null,
  };
}

/** The sheets of a spreadsheet picked from the list or pasted as a URL. */
async function listSheets(api: DestinationApi, pasted?: string): Promise<LookupPage> {
  const spreadsheetId = pasted ? spreadsheetIdFrom(pasted) : null;
  if (!spreadsheetId) throw new DeliveryFailure('blocked', 'That is not a Google Sheets link or spreadsheet id.');
  const url = `${api.baseUrl('sheets')}/spreadsheets/${spreadsheetId}?fields=properties.title,sheets.properties`;
  const answer = (await googleCall(api, 'GET', url, 'That spreadsheet')) as Spreadsheet;
  const title = answer.properties?.title ?? spreadsheetId;
  return {
    items: (answer.sheets ?? []).map((sheet) => ({ id: spreadsheetId, name: sheet.properties?.title ?? '', detail: title })),
    nextCursor: null,
  };
}

/** Google Sheets lead rows: a header row when the sheet is empty, then one row per matching lead. */
export const googleSheetsDestination: DestinationDefinition<GoogleSheetsSettingsDto> = {
  integrationKey: 'google-sheets',
  settingsType: GoogleSheetsSettingsDto,
  apiBases: {
    drive: { real: 'https://www.googleapis.com/drive/v3', sandboxPath: '/drive/v3' },
    sheets: { real: 'https://sheets.googleapis.com/v4', sandboxPath: '/sheets/v4' },
  },
  defaults: { columns: DEFAULT_COLUMNS, sheetName: 'Sheet1' },
  async deliver(lead, settings, api) {
    const what = `the spreadsheet ${settings.spreadsheetName ?? settings.spreadsheetId}`;
    const base = `${api.baseUrl('sheets')}/spreadsheets/${settings.spreadsheetId}/values`;
    const append = (row: string[]) =>
      googleCall(
        api,
        'POST',
        `${base}/${encodeURIComponent(sheetRange(settings.sheetName, 'A1'))}:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS`,
        what,
        { values: [row] },
      );
    const top = (await googleCall(api, 'GET', `${base}/${encodeURIComponent(sheetRange(settings.sheetName, '1:1'))}`, what)) as {
      values?: unknown[][];
    };
    if (!top.values?.length) await append(settings.columns.map((column) => column.header));
    await append(sheetRow(lead, settings.columns));
  },
  lookups: {
    spreadsheets: (api, { query, cursor }) => listSpreadsheets(api, query, cursor),
    sheets: (api, { id }) => listSheets(api, id),
  },
};
