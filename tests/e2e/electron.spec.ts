import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Not require('electron'): in Electron 45 that starts a download when the binary is missing.
const root = join(import.meta.dirname, '..', '..');
const pkg = join(root, 'node_modules', 'electron');
const pathFile = join(pkg, 'path.txt');
const executable = existsSync(pathFile) ? join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
const runnable = executable !== null && existsSync(executable) && (process.platform !== 'linux' || Boolean(process.env.DISPLAY));

test.describe('desktop app (real Electron)', () => {
  test.skip(!runnable, 'Electron binary not installed on this machine (or no display): desktop tests skipped');

  test('opens the window on the Network view, with the preload bridge only', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'aig-electron-')), 'app.sqlite');
    const app = await electron.launch({ executablePath: executable!, args: [root, '--db', dbPath] });
    const page = await app.firstWindow();
    await expect(page.getByTestId('member-count')).toContainText('60');
    expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { aiguillage: object }).aiguillage))).toEqual(['call', 'account']);
    await app.close();
  });
});
