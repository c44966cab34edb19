/**
 * Where the database lives when no --db is given: the same per-user folder Electron's
 * app.getPath('userData') uses, so the desktop app and browser mode open the same file.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER = 'Aiguillage';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_FOLDER);
}

export function defaultDatabasePath(): string {
  return join(userDataDir(), 'aiguillage.sqlite');
}
