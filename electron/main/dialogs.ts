/**
 * Native open and save dialogs, in one place so imports and exports use the same filters and
 * remember the last folder. They return a path or null when the user cancels.
 */
import { app, dialog, type BrowserWindow, type FileFilter } from 'electron';
import { dirname, join } from 'node:path';

let lastFolder: string | null = null;

export const FILTERS = {
  database: [{ name: 'Aiguillage database', extensions: ['sqlite', 'db'] }],
  spreadsheet: [{ name: 'CSV or Excel', extensions: ['csv', 'txt', 'xlsx'] }],
  geojson: [{ name: 'GeoJSON', extensions: ['geojson', 'json'] }],
  pdf: [{ name: 'PDF', extensions: ['pdf'] }],
} satisfies Record<string, FileFilter[]>;

export async function chooseFileToOpen(win: BrowserWindow, filters: FileFilter[]): Promise<string | null> {
  const choice = await dialog.showOpenDialog(win, { defaultPath: lastFolder ?? app.getPath('documents'), properties: ['openFile'], filters });
  const file = choice.canceled ? null : (choice.filePaths[0] ?? null);
  if (file) lastFolder = dirname(file);
  return file;
}

export async function chooseFileToSave(win: BrowserWindow, defaultName: string, filters: FileFilter[]): Promise<string | null> {
  const choice = await dialog.showSaveDialog(win, { defaultPath: join(lastFolder ?? app.getPath('documents'), defaultName), filters });
  const file = choice.canceled ? null : (choice.filePath ?? null);
  if (file) lastFolder = dirname(file);
  return file;
}
