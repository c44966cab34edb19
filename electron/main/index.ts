/**
 * Electron main process: one instance, one window, the core opened in-process and reached
 * from the renderer only through the validated `aiguillage:call` channel; once the person
 * connects to a server in Settings, the same channel's calls go to that server instead
 * (desktop.ts, remote.ts), and `aiguillage:account` carries the connection's own actions.
 */
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Session } from '../../core/app/session';
import { isLanguage } from '../../core/language';
import { APP_ORIGIN, isTrustedSender, lockDownSessions, registerAppScheme, serveRenderer } from './security';
import { loadWindowState, trackWindowState } from './window-state';
import { buildMenu } from './menu';
import { startScheduler } from '../../core/jobs/scheduler';
import { askWhereToSaveDownloads, chooseFileToOpen, FILTERS } from './dialogs';
import { osKeyStoreBox } from './secrets';
import type { SecretBox } from '../../core/settings/secrets';
import { demoProgressLog } from '../../core/demo/history';
import { Desktop } from './desktop';

const { values: args } = parseArgs({
  args: process.argv.slice(app.isPackaged ? 1 : 2),
  options: { db: { type: 'string' }, 'no-demo': { type: 'boolean' } },
  strict: false,
});

let session: Session | null = null;
let win: BrowserWindow | null = null;

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app
    .whenReady()
    .then(start)
    .catch((error) => {
      dialog.showErrorBox('Aiguillage could not start', String(error instanceof Error ? error.message : error));
      app.quit();
    });
  app.on('window-all-closed', () => app.quit());
}

let scheduler: { stop: () => void } | null = null;

/** A damaged or too-new database opens the recovery screen in the window, not an error box. */
async function openSession(dbPath: string): Promise<void> {
  session = await Session.open({ dbPath, demo: !args['no-demo'], secrets: await secretBox(), onDemoProgress: demoProgressLog(console.log) });
  session.onChange((ctx) => {
    scheduler?.stop();
    scheduler = ctx ? startScheduler(ctx, 60_000) : null;
  });
}

/** The OS key store when it is usable; otherwise (or if it fails) the core's key file beside the database. */
async function secretBox(): Promise<SecretBox | undefined> {
  try {
    return (await osKeyStoreBox(app.getPath('userData'))) ?? undefined;
  } catch (error) {
    console.error('The system key store cannot be used; secrets are sealed with a key file instead:', error);
    return undefined;
  }
}

async function start(): Promise<void> {
  lockDownSessions();
  askWhereToSaveDownloads();
  serveRenderer(join(__dirname, '../renderer'));
  await openSession(resolve(typeof args.db === 'string' ? args.db : join(app.getPath('userData'), 'aiguillage.sqlite')));

  const desktop = new Desktop(
    async (method, input, language) => {
      if (!session) return { ok: false, error: { code: 'internal', message: 'No database is open.' } };
      return session.call(method, input, { language: isLanguage(language) ? language : 'en' });
    },
    join(app.getPath('userData'), 'server.json'),
  );
  const refused = { ok: false, error: { code: 'forbidden', message: 'Call refused: unexpected frame.' } };
  ipcMain.handle('aiguillage:call', (event, method: unknown, input: unknown, language: unknown) => {
    if (!isTrustedSender(event)) return refused;
    return desktop.call(method, input, isLanguage(language) ? language : 'en');
  });
  ipcMain.handle('aiguillage:account', (event, action: unknown, payload: unknown, language: unknown) => {
    if (!isTrustedSender(event)) return refused;
    return desktop.account(action, payload, isLanguage(language) ? language : 'en');
  });

  buildMenu(
    {
      openDatabase: async () => {
        if (!win) return;
        const file = await chooseFileToOpen(win, FILTERS.database);
        if (!file) return;
        try {
          await session?.switchTo(file);
          // Choosing a file means working on it: a server the app was connected to is left.
          await desktop.account('disconnect', {}, 'en');
          win.reload();
        } catch (error) {
          dialog.showErrorBox('Cannot open this database', String(error instanceof Error ? error.message : error));
        }
      },
    },
    app.isPackaged,
  );

  const state = loadWindowState(app.getPath('userData'));
  win = new BrowserWindow({
    ...state.bounds,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Aiguillage',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // No developer tools in the packaged app, by menu or by shortcut.
      devTools: !app.isPackaged,
      // A middle click must not open a link in a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) win.maximize();
  trackWindowState(win, app.getPath('userData'));
  win.once('ready-to-show', () => win?.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}
