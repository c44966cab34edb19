/**
 * A first start cut off while the demo is being played (the app killed with SIGKILL part-way
 * through its six months) must leave nothing a later start would take for a database: the next
 * start plays the whole demo again. The child is the app's own opening (demo-child.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openApp } from '../../../core/open';
import { integrityProblems } from '../../../core/db/maintenance';

const root = join(import.meta.dirname, '..', '..', '..');
// tsx's loader in the child itself: its CLI would run the script in a grandchild that SIGKILL misses.
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
/** The day of the six months at which the child is killed: well inside the play. */
const KILL_AT_DAY = 60;

/** Starts the app on `dbPath` in a child and kills it once it reports `KILL_AT_DAY` played; resolves with how it ended. */
function startAndKill(dbPath: string): Promise<{ signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, join(import.meta.dirname, 'demo-child.ts'), dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(`day ${KILL_AT_DAY}\n`)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, out }));
  });
}

describe('the demo on a first start', () => {
  // Two plays of the six months (a third of one in the child, then a whole one): a minute or more of CPU.
  it('is all or nothing: a start killed while playing it leaves no database, and the next start gives the whole demo', { timeout: 600_000 }, async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'aig-demo-start-')), 'data', 'aiguillage.sqlite');
    const killed = await startAndKill(dbPath);
    expect(killed.signal, killed.out).toBe('SIGKILL');
    expect(killed.out).not.toContain('done');
    // Cut off mid-play: the half-played file is beside the database, never at its name.
    expect(existsSync(dbPath)).toBe(false);
    expect(existsSync(`${dbPath}.demo-building`)).toBe(true);

    const days: number[] = [];
    const app = await openApp({ dbPath, demo: true, onDemoProgress: (day) => days.push(day) });
    expect(app.seeded).toBeGreaterThanOrEqual(55);
    expect(app.db.prepare('SELECT count(*) FROM leads').pluck().get()).toBeGreaterThan(2500);
    expect(app.db.prepare("SELECT count(*) FROM leads WHERE status = 'won'").pluck().get()).toBeGreaterThan(100);
    expect(integrityProblems(app.db, 'full')).toEqual([]);
    expect(days).toEqual(Array.from({ length: days.length }, (_, i) => i));
    expect(days.length).toBeGreaterThan(180);
    expect(statSync(dbPath).mode & 0o777).toBe(0o600);
    app.db.close();
    // Nothing of the cut-off play is left beside it.
    expect(readdirSync(dirname(dbPath)).filter((f) => f.includes('demo-building'))).toEqual([]);
  });
});
