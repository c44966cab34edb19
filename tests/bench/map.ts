/**
 * Map bench (issue 19): the network map opened in Chromium, by Playwright, on a database of
 * 5,000 territories (the coverage bench's random network: irregular polygons, some with holes,
 * over France) and 1,000 members; the figure runs from the navigation to the territories drawn
 * (the map's `map:territories-drawn` performance mark, set in the animation frame that paints
 * them, so its time is counted from the navigation's start). Baseline: the same navigation on
 * the same members without territories (the app's and the map page's own start). Each is the
 * median of three fresh pages, each opened once the page before has had all its answers (the
 * host answers one request at a time: the previous page's coverage analysis would delay the
 * next navigation); the first page of the 5,000 also pays the core's one-off simplification of
 * every territory, printed beside it.
 *
 * Needs the app built (`npx electron-vite build`: out/main/host.js and out/renderer).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { sqliteOf } from '../../core/db/connection';
import { openApp } from '../../core/open';
import { startHost, stopHost } from '../e2e/fixtures';
import { randomNetwork, seeded, writeNetwork } from './coverage-fixtures';
import { median, type Report } from './report';

const TERRITORIES = 5_000;
const ROUNDS = 3;
const root = join(import.meta.dirname, '..', '..');

export async function benchMap(report: Report): Promise<void> {
  const built = join(root, 'out', 'main', 'host.js');
  if (!existsSync(built)) throw new Error('the map bench needs the app built: run `npx electron-vite build` first');
  const stale = newerThan(statSync(built).mtimeMs);
  // The bench makes its database with the sources' migrations and serves it with the built host: an old build waits for nothing and times out.
  if (stale) throw new Error(`the map bench needs the app built from these sources (${stale} changed since): run \`npx electron-vite build\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'aig-bench-map-'));
  const browser = await chromium.launch({
    executablePath: process.env.AIGUILLAGE_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const full = await networkFile(join(dir, 'full.sqlite'), TERRITORIES);
    const empty = await networkFile(join(dir, 'empty.sqlite'), 0);
    const drawn = await firstDisplays(browser, full, TERRITORIES);
    const bare = await firstDisplays(browser, empty, 0);
    report({ name: `map first display ${TERRITORIES} territories`, value: median(drawn), unit: 'ms', baseline: median(bare), goal: 1000 });
    console.log(
      `  (navigation to territories drawn, Chromium, median of ${ROUNDS}: ${drawn.map((ms) => Math.round(ms)).join(', ')} ms, the first with the core's simplification; baseline: the same page without territories)`,
    );
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A database file with the bench network's members and its first `territories` territories. */
async function networkFile(file: string, territories: number): Promise<string> {
  const { members, territories: shapes } = randomNetwork(seeded(20261123), TERRITORIES, 400);
  const ctx = await openApp({ dbPath: file, demo: false });
  writeNetwork(ctx.db, members, shapes.slice(0, territories));
  sqliteOf(ctx.db, 'bench').pragma('wal_checkpoint(TRUNCATE)');
  ctx.db.close();
  return file;
}

/** Milliseconds from navigation to the territories drawn, for ROUNDS fresh pages on one host. */
async function firstDisplays(browser: Browser, file: string, territories: number): Promise<number[]> {
  const host = await startHost(['--no-demo'], {}, file);
  try {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR' });
      await page.goto(`${host.url}#/map`);
      await page.locator(`[data-testid=map][data-territories-drawn="${territories}"]`).waitFor({ timeout: 120_000 });
      const mark = (n: number) => (performance.getEntriesByName('map:territories-drawn') as unknown as { startTime: number; detail: { count: number } }[]).find((m) => m.detail.count === n)!.startTime;
      times.push(await page.evaluate(mark, territories));
      // The page goes on asking (the coverage analysis, the figures) after its territories are drawn: closed at
      // once, it would leave the host computing for it while the next page's navigation waits its turn.
      await page.getByTestId('coverage-panel').waitFor({ timeout: 120_000 });
      await page.waitForLoadState('networkidle');
      await page.close();
    }
    return times;
  } finally {
    await stopHost(host.process);
  }
}

/** A tracked source of the app changed after `time`, or null. */
function newerThan(time: number): string | null {
  const files = execFileSync('git', ['ls-files', 'core', 'host', 'renderer', 'electron', 'common'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  return files.find((file) => existsSync(join(root, file)) && statSync(join(root, file)).mtimeMs > time) ?? null;
}
