/**
 * Screenshot tour for looking at the app (not a test): starts the browser host on a fresh demo
 * database and saves PNGs of each view in French and English to .screenshots/ (git-ignored).
 *   node tests/e2e/tour.mjs   (after `npx electron-vite build`)
 */
import { chromium } from '@playwright/test';
import { transitionsEnded } from './settle.ts';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const out = join(root, '.screenshots');
mkdirSync(out, { recursive: true });
const dbPath = join(mkdtempSync(join(tmpdir(), 'aig-tour-')), 'tour.sqlite');
const host = spawn(process.execPath, [join(root, 'out/main/host.js'), '--db', dbPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => {
  let buf = '';
  host.stdout.on('data', (c) => {
    buf += c;
    const m = /Open (http:\/\/\S+)/.exec(buf);
    if (m) resolve(m[1]);
  });
});

/** What shows each view is loaded. */
const LOADED = {
  network: (page) => page.getByTestId('member-count').filter({ hasText: /\d/ }),
  settings: (page) => page.getByTestId('setting-theme'),
  dashboard: (page) => page.getByTestId('chart-volume').locator('canvas'),
};

// The host is stopped however the tour ends: a failed step must not leave it running.
try {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });
  for (const [lang, locale] of [
    ['fr', 'fr-FR'],
    ['en', 'en-US'],
  ]) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(url);
    // Through the navigation rail, each view shot once what shows it is loaded is on screen.
    for (const [view, loaded] of Object.entries(LOADED)) {
      await page.getByTestId(`nav-${view}`).click();
      await loaded(page).waitFor();
      await transitionsEnded(page);
      await page.screenshot({ path: join(out, `${view}-${lang}.png`) });
    }
    await page.getByTestId('nav-network').click();
    await page.getByTestId('new-member').click();
    await page.getByTestId('field-name').locator('input').fill('X');
    await page.getByTestId('field-postalCode').locator('input').fill('123');
    await page.getByTestId('field-radiusKm').locator('input').fill('-5');
    await page.getByTestId('member-save').click();
    await page.getByTestId('form-error').waitFor();
    await transitionsEnded(page);
    await page.screenshot({ path: join(out, `member-form-errors-${lang}.png`) });
    await page.close();
  }
  await browser.close();
} finally {
  host.kill();
}
console.log(`Screenshots in ${out}`);
