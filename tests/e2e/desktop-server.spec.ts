/**
 * The desktop app connected to a server, in Chromium: the Electron binary is not installed on
 * these machines, so the window's preload bridge is played by the page's `window.aiguillage`,
 * whose two functions reach the main process's own Desktop object (electron/main/desktop.ts) in
 * this test process, the one Electron's IPC handlers call. Everything behind it is real: the
 * renderer's Settings, sign-in and status line, the local database in a browser-mode host, and
 * `aiguillage serve` with its accounts, reached over HTTP by the main process's connection.
 */
import { test, expect, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '../../core/commands/errors';
import { Desktop, type LocalCall } from '../../electron/main/desktop';
import { expectNoViolation } from './axe';
import { startHost, stopHost } from './fixtures';
import { serveForTests } from './serve';

let local: { url: string; dbPath: string; process: ChildProcess };
let hostOrigin: string;
let desktop: Desktop;
let settingsFile: string;

/** The local side: the browser host's API with its token, as the Electron main process calls its Session. */
const localCall: LocalCall = async (method, input, language) => {
  const url = new URL(local.url);
  const response = await fetch(`${url.origin}/api/${String(method)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-aiguillage-token': url.searchParams.get('token') ?? '', 'x-aiguillage-language': language },
    body: JSON.stringify(input ?? {}),
  });
  return (await response.json()) as Result<unknown>;
};

/** A desktop window: the page with the preload's two functions, answered by `desktop` (a restart replaces it). */
async function desktopWindow(page: Page): Promise<void> {
  await page.exposeFunction('desktopCall', (method: string, input: unknown, language: string) => desktop.call(method, input, language));
  await page.exposeFunction('desktopAccount', (action: string, payload: unknown, language: string) => desktop.account(action, payload, language));
  await page.addInitScript(() => {
    const w = globalThis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>> & { aiguillage: unknown };
    w.aiguillage = { call: (...args: unknown[]) => w.desktopCall!(...args), account: (...args: unknown[]) => w.desktopAccount!(...args) };
  });
  await page.goto(hostOrigin);
}

test.describe.configure({ mode: 'serial' });

const server = serveForTests({ engine: 'postgres' });
test.beforeAll(async () => {
  test.setTimeout(120_000);
  local = await startHost();
  hostOrigin = new URL(local.url).origin;
  settingsFile = join(mkdtempSync(join(tmpdir(), 'aig-desktop-')), 'server.json');
  desktop = new Desktop(localCall, settingsFile);
});
test.afterAll(async () => {
  if (local) await stopHost(local.process);
});

test('Settings > Server: refuses plain http to another machine, checks the server, signs in, works on it, and disconnects back to the file', async ({ page }) => {
  test.slow();
  await desktopWindow(page);
  await expect(page.getByTestId('status-db')).toContainText(local.dbPath);
  await expect(page.getByTestId('nav-users')).toHaveCount(0);
  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('server-settings');
  const address = section.getByTestId('server-address').locator('input');

  await address.fill('http://192.168.1.20:8080');
  await expect(section).toContainText('Le http sans chiffrement n’est permis que vers cet ordinateur');
  await expect(section.getByTestId('server-check')).toBeDisabled();
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: 'test-results/desktop-server-refused.png' });

  await address.fill(server.origin);
  await section.getByTestId('server-check').click();
  await expect(section.getByTestId('server-reached')).toContainText(server.origin);
  await section.getByTestId('server-email').locator('input').fill('admin@reseau.fr');
  await section.getByTestId('server-password').locator('input').fill('not the password');
  await section.getByTestId('server-connect').click();
  await expect(section.getByTestId('server-problem')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
  await expectNoViolation(page);
  await section.screenshot({ path: 'test-results/desktop-server-check.png' });

  await section.getByTestId('server-password').locator('input').fill(server.adminPassword);
  await section.getByTestId('server-connect').click();
  // The page starts again on the server: its status line names it and the administrator.
  await expect(page.getByTestId('status-server')).toContainText(`Serveur : ${server.origin} · connecté en tant que Administrator (Administrateur)`);
  await expect(page.getByTestId('status-db')).toHaveCount(0);
  // A command answered by the server as this user: its Users view lists its accounts (the local file has none).
  await page.getByTestId('nav-users').click();
  await expect(page.getByTestId('user-row-admin@reseau.fr')).toBeVisible();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('server-connected')).toContainText(
    `Cette application travaille sur le serveur ${server.origin}, connectée en tant que Administrator (admin@reseau.fr, Administrateur).`,
  );
  await page.getByTestId('server-settings').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/desktop-server-connected.png' });
  // Remembered: the address, never the password.
  const saved = readFileSync(settingsFile, 'utf8');
  expect(JSON.parse(saved)).toEqual({ address: server.origin, connected: true });
  expect(saved).not.toContain(server.adminPassword);

  await page.getByTestId('server-disconnect').click();
  await expect(page.getByTestId('status-db')).toContainText(local.dbPath);
  await expect(page.getByTestId('nav-users')).toHaveCount(0);
  expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ address: server.origin, connected: false });
});

test('after a restart on a server, the app asks for the password again, and can go back to the file without it', async ({ browser }) => {
  test.slow();
  // In English this time: the system language of this window.
  const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await desktopWindow(page);
  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('server-settings');
  // The last address is offered again.
  await expect(section.getByTestId('server-address').locator('input')).toHaveValue(server.origin);
  await section.getByTestId('server-check').click();
  await section.getByTestId('server-email').locator('input').fill('admin@reseau.fr');
  await section.getByTestId('server-password').locator('input').fill(server.adminPassword);
  await section.screenshot({ path: 'test-results/desktop-server-en.png' });
  await section.getByTestId('server-connect').click();
  await expect(page.getByTestId('status-server')).toContainText(`Server: ${server.origin} · signed in as Administrator (Administrator)`);

  // The app restarts: the main process remembers the server, not the session.
  desktop = new Desktop(localCall, settingsFile);
  await page.reload();
  await expect(page.getByTestId('sign-in-subtitle')).toHaveText(`Sign in to the server ${server.origin}`);
  await page.screenshot({ path: 'test-results/desktop-server-sign-in.png' });
  await page.getByTestId('sign-in-email').locator('input').fill('admin@reseau.fr');
  await page.getByTestId('sign-in-password').locator('input').fill(server.adminPassword);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('status-server')).toContainText(server.origin);

  // Signed out, the sign-in screen offers the file on this computer.
  await page.getByTestId('account-menu').click();
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in-use-local').click();
  await expect(page.getByTestId('status-db')).toContainText(local.dbPath);
});
