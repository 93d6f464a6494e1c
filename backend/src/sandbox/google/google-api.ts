import { checkBearer } from '../core/api-bearer';
import { isRecord, readJson, sendJson } from '../core/http-io';
import type { ProviderRequestContext } from '../core/request-context';
import type { SandboxSheet, SandboxSpreadsheet } from './google-data';

const SPREADSHEET_MIME = 'application/vnd.google-apps.spreadsheet';
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** Google's error envelope, as its APIs send it. */
function fail(ctx: ProviderRequestContext, code: number, message: string, headers: Record<string, string> = {}): void {
  ctx.req.resume();
  sendJson(ctx.res, code, { error: { code, message, status: STATUS_NAMES[code] ?? 'UNKNOWN' } }, headers);
}

/** `drive/v3/files`: the q subset the app sends (mimeType, trashed, name contains), paged. */
function listFiles(ctx: ProviderRequestContext): void {
  const q = ctx.url.searchParams.get('q') ?? '';
  const wantsSheets = q.includes(`mimeType='${SPREADSHEET_MIME}'`);
  const contains = /name contains '((?:[^'\\]|\\.)*)'/.exec(q)?.[1]?.replace(/\\(.)/g, '$1').toLowerCase();
  const files = [
    ...ctx.app.store.google.spreadsheets.map((s) => ({
      id: s.id,
      name: s.name,
      mimeType: SPREADSHEET_MIME,
      modifiedTime: s.modifiedTime,
    })),
    ...ctx.app.store.google.otherFiles.map((f) => ({ ...f, modifiedTime: '2026-09-01T09:00:00.000Z' })),
  ].filter(
    (file) => (!wantsSheets || file.mimeType === SPREADSHEET_MIME) && (!contains || file.name.toLowerCase().includes(contains)),
  );
  const size = Math.min(Math.max(Number(ctx.url.searchParams.get('pageSize') ?? 100) || 100, 1), 1000);
  const offset = Number(ctx.url.searchParams.get('pageToken') ?? 0) || 0;
  const page = files.slice(offset, offset + size);
  sendJson(ctx.res, 200, { files: page, ...(offset + size < files.length ? { nextPageToken: String(offset + size) } : {}) });
}

/** `'Sheet 1'!A1` or `Sheet1!1:1` → the sheet it names. */
function sheetOf(spreadsheet: SandboxSpreadsheet, range: string): SandboxSheet | undefined {
  const match = /^(?:'((?:[^']|'')+)'|([^!]+))(?:!.*)?$/.exec(range);
  const title = match?.[1]?.replace(/''/g, "'") ?? match?.[2];
  return spreadsheet.sheets.find((candidate) => candidate.title === title);
}

async function append(ctx: ProviderRequestContext, spreadsheet: SandboxSpreadsheet, target: SandboxSheet): Promise<void> {
  const option = ctx.url.searchParams.get('valueInputOption');
  if (option !== 'RAW' && option !== 'USER_ENTERED')
    return fail(ctx, 400, "'valueInputOption' is required and must be RAW or USER_ENTERED.");
  if (spreadsheet.readOnly) return fail(ctx, 403, 'The caller does not have permission');
  const body = await readJson(ctx.req);
  const values = isRecord(body) && Array.isArray(body.values) ? (body.values as unknown[][]) : null;
  if (!values) return fail(ctx, 400, 'Invalid JSON payload: values must be a list of rows.');
  const startRow = target.rows.length + 1;
  for (const row of values) {
    const cells = row.map((value) => String(value ?? ''));
    target.rows.push(cells.map((value) => ({ value, formula: option === 'USER_ENTERED' && value.startsWith('=') })));
    ctx.app.store.log.add({
      providerKey: ctx.providerKey,
      type: 'sheet_row',
      clientId: '',
      detail: `${spreadsheet.name} / ${target.title}`,
      data: {
        spreadsheetId: spreadsheet.id,
        sheet: target.title,
        values: cells,
        valueInputOption: option,
        row: target.rows.length,
      },
    });
  }
  sendJson(ctx.res, 200, {
    spreadsheetId: spreadsheet.id,
    updates: { updatedRange: `${target.title}!A${startRow}`, updatedRows: values.length },
  });
}

/** `sheets/v4/spreadsheets/{id}[/values/{range}[:append]]`. */
async function sheetsApi(ctx: ProviderRequestContext, path: string[]): Promise<void> {
  const [id, section, rawRange] = path;
  const spreadsheet = ctx.app.store.google.spreadsheet(id ?? '');
  if (!spreadsheet) return fail(ctx, 404, 'Requested entity was not found.');
  if (section === undefined && ctx.req.method === 'GET') {
    return sendJson(ctx.res, 200, {
      spreadsheetId: spreadsheet.id,
      properties: { title: spreadsheet.name },
      sheets: spreadsheet.sheets.map((s) => ({ properties: { sheetId: s.sheetId, title: s.title, index: s.sheetId } })),
    });
  }
  if (section !== 'values' || rawRange === undefined) return fail(ctx, 404, 'Requested entity was not found.');
  const appending = rawRange.endsWith(':append');
  const range = decodeURIComponent(appending ? rawRange.slice(0, -':append'.length) : rawRange);
  const target = sheetOf(spreadsheet, range);
  if (!target) return fail(ctx, 400, `Unable to parse range: ${range}`);
  if (appending && ctx.req.method === 'POST') return append(ctx, spreadsheet, target);
  if (!appending && ctx.req.method === 'GET') {
    const firstRow = range.endsWith('!1:1') ? target.rows.slice(0, 1) : target.rows;
    return sendJson(ctx.res, 200, {
      range,
      majorDimension: 'ROWS',
      ...(firstRow.length ? { values: firstRow.map((row) => row.map((cell) => cell.value)) } : {}),
    });
  }
  return fail(ctx, 404, 'Requested entity was not found.');
}

/** The scripted-error name of a request: `files.list`, `spreadsheets.get`, `values.get`, `values.append`. */
function methodName(path: string[]): string {
  if (path[0] === 'drive') return 'files.list';
  if (path[4] === undefined) return 'spreadsheets.get';
  return path[5]?.endsWith(':append') ? 'values.append' : 'values.get';
}

/** Google's Drive and Sheets subset under `/google-sheets/api/`, with the bearer check and scripted errors. */
export async function handleGoogleApi(ctx: ProviderRequestContext, path: string[]): Promise<void> {
  const check = checkBearer(ctx);
  if (!check.ok) return fail(ctx, 401, 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
  const scripted = ctx.app.store.apiErrors.take(ctx.providerKey, methodName(path));
  if (scripted) {
    const code = Number(scripted.error) || 500;
    return fail(
      ctx,
      code,
      'Scripted sandbox failure.',
      code === 429 ? { 'Retry-After': String(scripted.retryAfterSeconds ?? 1) } : {},
    );
  }
  if (path[0] === 'drive' && path[1] === 'v3' && path[2] === 'files' && path.length === 3 && ctx.req.method === 'GET')
    return listFiles(ctx);
  if (path[0] === 'sheets' && path[1] === 'v4' && path[2] === 'spreadsheets') return sheetsApi(ctx, path.slice(3));
  return fail(ctx, 404, 'Requested entity was not found.');
}
