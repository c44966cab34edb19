/**
 * Native open and save dialogs, in one place so imports and exports use the same filters and
 * remember the last folder.
 */
import { app, dialog, session, type BrowserWindow, type FileFilter } from 'electron';
import { dirname, join } from 'node:path';

let lastFolder: string | null = null;

export const FILTERS = {
  database: [{ name: 'Aiguillage database', extensions: ['sqlite', 'db'] }],
  spreadsheet: [{ name: 'CSV or Excel', extensions: ['csv', 'txt', 'xlsx'] }],
  geojson: [{ name: 'GeoJSON', extensions: ['geojson', 'json'] }],
  pdf: [{ name: 'PDF', extensions: ['pdf'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
} satisfies Record<string, FileFilter[]>;

const FILTER_BY_EXTENSION: Record<string, FileFilter[]> = { csv: FILTERS.spreadsheet, xlsx: FILTERS.spreadsheet, pdf: FILTERS.pdf, geojson: FILTERS.geojson, json: FILTERS.json };

/**
 * Exports (reports, import reports, a person's data, GeoJSON) reach the renderer as files it
 * downloads; in the window, each download asks where to save it with the native save dialog,
 * starting in the last folder used, with the file type's filter.
 */
export function askWhereToSaveDownloads(): void {
  session.defaultSession.on('will-download', (_event, item) => {
    const name = item.getFilename();
    const extension = name.split('.').pop()?.toLowerCase() ?? '';
    item.setSaveDialogOptions({ defaultPath: join(lastFolder ?? app.getPath('documents'), name), filters: FILTER_BY_EXTENSION[extension] ?? [] });
    item.once('done', (_done, state) => {
      if (state === 'completed') lastFolder = dirname(item.getSavePath());
    });
  });
}

export async function chooseFileToOpen(win: BrowserWindow, filters: FileFilter[]): Promise<string | null> {
  const choice = await dialog.showOpenDialog(win, { defaultPath: lastFolder ?? app.getPath('documents'), properties: ['openFile'], filters });
  const file = choice.canceled ? null : (choice.filePaths[0] ?? null);
  if (file) lastFolder = dirname(file);
  return file;
}
