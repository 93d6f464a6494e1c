export const GOOGLE_SHEETS_PROVIDER_KEY = 'google-sheets';

export interface SandboxSheet {
  sheetId: number;
  title: string;
  /** Cells as stored; RAW input keeps `=…` as a string, USER_ENTERED would make it a formula. */
  rows: { value: string; formula: boolean }[][];
}

export interface SandboxSpreadsheet {
  id: string;
  name: string;
  modifiedTime: string;
  /** The sandbox user may read but not edit (a sheet shared view-only). */
  readOnly: boolean;
  sheets: SandboxSheet[];
}

function sheet(sheetId: number, title: string, header: string[] = []): SandboxSheet {
  return { sheetId, title, rows: header.length ? [header.map((value) => ({ value, formula: false }))] : [] };
}

/** The sandbox user's Drive: spreadsheets to pick (one empty, one with a header, one view-only) and a non-spreadsheet. */
export class GoogleData {
  readonly spreadsheets: SandboxSpreadsheet[] = [
    {
      id: '1LeadsSandboxSheet0000001',
      name: 'Leads 2026',
      modifiedTime: '2026-11-30T09:00:00.000Z',
      readOnly: false,
      sheets: [sheet(0, 'Sheet1'), sheet(1, 'Archive')],
    },
    {
      id: '1PipelineSandboxSheet0002',
      name: 'Sales pipeline',
      modifiedTime: '2026-11-20T09:00:00.000Z',
      readOnly: false,
      sheets: [sheet(0, 'Leads', ['When', 'Who', 'Mail'])],
    },
    {
      id: '1ViewOnlySandboxSheet0003',
      name: 'Board report (view only)',
      modifiedTime: '2026-10-01T09:00:00.000Z',
      readOnly: true,
      sheets: [sheet(0, 'Sheet1')],
    },
  ];
  /** Drive also holds things that are not spreadsheets, which files.list must filter out. */
  readonly otherFiles = [
    { id: '1DocSandbox000000000000004', name: 'Leads handbook', mimeType: 'application/vnd.google-apps.document' },
  ];

  spreadsheet(id: string): SandboxSpreadsheet | undefined {
    return this.spreadsheets.find((candidate) => candidate.id === id);
  }

  /** Appended rows survive a restart of the demo. */
  toJSON(): SandboxSpreadsheet[] {
    return this.spreadsheets;
  }

  restore(data: unknown): void {
    this.spreadsheets.splice(0, this.spreadsheets.length, ...(data as SandboxSpreadsheet[]));
  }
}
