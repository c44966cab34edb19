/**
 * Crash safety: a process doing a large import, a bulk dispatch, or the background jobs working
 * off 20,000 overdue dispatches, is killed with SIGKILL at random points (fixed seed); each time
 * the database is reopened as the app does and must prove: integrity and foreign keys ok, every
 * committed batch whole (leads, their events, KPI facts and search index agree), nothing
 * half-dispatched, the import resumed by running the same file again ends with every row
 * exactly once, and the jobs restarted re-route every overdue lead exactly once.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Context } from '../../../core/commands/define';
import { dispatch } from '../../../core/commands/dispatch';
import { openApp } from '../../../core/open';
import { integrityProblems } from '../../../core/db/maintenance';
import { seedDemoLeads } from '../../../core/demo/leads';
import { seedDemo } from '../../../core/demo/network';
import { seedDemoTerritories } from '../../../core/demo/territories';
import { seedOverdueBacklog } from '../../../core/jobs/overdue-fixture';
import { DEFAULT_LIMITS, type TickReport } from '../../../core/jobs/scheduler';
import { crashCsv, random } from './campaign';
import { MAPPING } from './mapping';

const root = join(import.meta.dirname, '..', '..', '..');
// tsx's loader in the child itself: its CLI would run the script in a grandchild that SIGKILL misses.
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const dir = mkdtempSync(join(tmpdir(), 'aig-crash-'));
const KILLS = 6;
const ROWS = 5000;
/** Each kill restarts a process and reopens the database: minutes on a loaded 2-core machine. */
const TIMEOUT = 600_000;
const BATCH = 250;
const tally = { kills: 0, midway: 0, rowsLost: 0, duplicates: 0, integrityErrors: 0 };

/**
 * Where to kill: a question about the progress the child has committed, asked of its database
 * (read beside it) every few milliseconds; the kill lands wherever the child then is. A kill
 * timed as a share of a reference run's duration used to land after the end, or before the
 * start, whenever the machine's load changed between the two runs.
 */
type KillPoint = (reader: Database.Database) => boolean;
const count1 = (reader: Database.Database, sql: string, ...params: unknown[]) =>
  reader
    .prepare(sql)
    .pluck()
    .get(...params) as number;

/** Runs the child (its database is args[0]) until it prints "ready", then kills it once `killAt` holds; resolves with its output. */
function runChild(args: string[], killAt: KillPoint | null): Promise<{ finished: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, join(import.meta.dirname, 'child.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let watch: ReturnType<typeof setInterval> | undefined;
    let reader: Database.Database | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (killAt && !reader && out.includes('ready')) {
        reader = new Database(args[0]!, { readonly: true, fileMustExist: true });
        watch = setInterval(() => {
          try {
            if (killAt(reader!)) child.kill('SIGKILL');
          } catch {
            // The writer holds a lock this instant: ask again next time.
          }
        }, 10);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(watch);
      reader?.close();
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`child failed (${code}):\n${out}`));
      if (out.includes('failed')) return reject(new Error(out));
      resolve({ finished: out.includes('done'), out });
    });
  });
}

async function reopen(dbPath: string): Promise<Context> {
  const ctx = await openApp({ dbPath, demo: false, actor: 'crash-test' });
  const problems = integrityProblems(ctx.db, 'full');
  if (problems.length) tally.integrityErrors++;
  expect(problems).toEqual([]);
  return ctx;
}

const count = (ctx: Context, sql: string, ...params: unknown[]) =>
  ctx.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

afterAll(() => {
  console.log(`crash campaign: ${tally.kills} kills (${tally.midway} mid-way), integrity errors ${tally.integrityErrors}, rows lost ${tally.rowsLost}, duplicates ${tally.duplicates}`);
});

describe('crash safety (kill -9)', () => {
  it(
    `keeps every committed import batch whole and resumes the import without duplicates, ${KILLS} kills`,
    async () => {
      const file = join(dir, 'crash.csv');
      writeFileSync(file, crashCsv(ROWS));
      const empty = join(dir, 'empty.sqlite');
      (await openApp({ dbPath: empty, demo: false })).db.close();
      // A clean run gives the expected outcome.
      const clean = join(dir, 'clean.sqlite');
      copyFileSync(empty, clean);
      await runChild([clean, 'import', file, String(BATCH)], null);
      const reference = await reopen(clean);
      const expected = count(reference, 'SELECT count(*) FROM leads');
      reference.db.close();
      // The rows with a bad phone still have an e-mail: accepted with a warning.
      expect(expected).toBe(ROWS);

      const next = random(20261123);
      for (let k = 0; k < KILLS; k++) {
        const dbPath = join(dir, `import-${k}.sqlite`);
        copyFileSync(empty, dbPath);
        // Killed in the batch after a seeded number of committed ones (1 to 17 of 20): never before the start nor after the end.
        const committed = (1 + Math.floor(next() * (ROWS / BATCH - 3))) * BATCH;
        await runChild([dbPath, 'import', file, String(BATCH)], (db) => count1(db, 'SELECT coalesce(max(committed_rows), 0) FROM imports') >= committed);
        tally.kills++;
        const ctx = await reopen(dbPath);
        const imp = ctx.db.prepare('SELECT * FROM imports').get() as { id: number; status: string; committed_rows: number; accepted: number; warned: number } | undefined;
        if (imp) {
          if (imp.status !== 'completed') tally.midway++;
          // Whole batches only, and the counters agree with what is stored.
          expect(imp.committed_rows % BATCH === 0 || imp.committed_rows === ROWS).toBe(true);
          const leads = count(ctx, 'SELECT count(*) FROM leads WHERE import_id = ?', imp.id);
          expect(leads).toBe(imp.accepted + imp.warned);
          expect(count(ctx, "SELECT count(*) FROM lead_events WHERE type = 'imported'")).toBe(leads);
          expect(count(ctx, 'SELECT count(*) FROM lead_facts')).toBe(leads);
          expect(count(ctx, 'SELECT count(*) FROM leads_fts')).toBe(leads);
        }
        // Importing the same file again finishes the job: every row once.
        const again = dispatch(ctx, 'intake.run', { fileName: 'crash.csv', contentBase64: Buffer.from(crashCsv(ROWS)).toString('base64'), sourceName: 'Crash', mapping: MAPPING, batchSize: BATCH });
        if (imp?.status === 'completed') expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
        else expect(again).toMatchObject({ ok: true, value: { status: 'completed' } });
        const total = count(ctx, 'SELECT count(*) FROM leads');
        const distinct = count(ctx, 'SELECT count(DISTINCT import_line) FROM leads');
        tally.rowsLost += Math.max(0, expected - distinct);
        tally.duplicates += total - distinct;
        expect({ total, distinct }).toEqual({ total: expected, distinct: expected });
        ctx.db.close();
      }
      expect(tally.midway).toBeGreaterThanOrEqual(KILLS / 2);
    },
    TIMEOUT,
  );

  it(
    `never leaves a lead half-dispatched, ${KILLS} kills during a bulk dispatch`,
    async () => {
      const base = join(dir, 'demo.sqlite');
      // The demo network and 400 of its leads qualified, waiting to be dispatched.
      const demo = await openApp({ dbPath: base, demo: false });
      seedDemo(demo);
      seedDemoTerritories(demo);
      seedDemoLeads(demo, { count: 600, now: demo.now() });
      const ids = demo.db.prepare('SELECT id FROM leads ORDER BY id LIMIT 400').pluck().all() as number[];
      for (const id of ids) expect(dispatch(demo, 'leads.qualify', { id, temperature: id % 3 === 0 ? 'hot' : 'warm' }, { log: () => {} }).ok).toBe(true);
      demo.db.close();
      expect(ids.length).toBeGreaterThan(100);
      const idsFile = join(dir, 'ids.json');
      writeFileSync(idsFile, JSON.stringify(ids));
      const inList = `lead_id IN (${ids.join(',')})`;

      const next = random(42);
      let midway = 0;
      for (let k = 0; k < KILLS; k++) {
        const dbPath = join(dir, `dispatch-${k}.sqlite`);
        copyFileSync(base, dbPath);
        // Killed after a seeded number of the leads were routed (1 to 80 % of them).
        const routedBefore = 1 + Math.floor(next() * ids.length * 0.8);
        const { finished } = await runChild([dbPath, 'dispatch', idsFile], (db) => count1(db, `SELECT count(*) FROM dispatches WHERE ended_at IS NULL AND ${inList}`) >= routedBefore);
        tally.kills++;
        if (!finished) midway++;
        const ctx = await reopen(dbPath);
        // A routed lead has its open dispatch and its routing event (the head office's queue keeps
        // it qualified); a lead not reached yet has neither.
        const routedIds = ctx.db.prepare(`SELECT DISTINCT lead_id FROM lead_events WHERE type IN ('dispatched','published','routed_to_head_office') AND ${inList}`).pluck().all() as number[];
        expect(count(ctx, `SELECT count(*) FROM dispatches WHERE ended_at IS NULL AND ${inList}`)).toBe(routedIds.length);
        expect(count(ctx, `SELECT count(*) FROM (SELECT lead_id FROM dispatches WHERE ended_at IS NULL AND ${inList} GROUP BY lead_id HAVING count(*) > 1)`)).toBe(0);
        expect(count(ctx, `SELECT count(*) FROM leads WHERE id IN (${ids.join(',')}) AND status <> 'qualified'`)).toBeLessThanOrEqual(routedIds.length);
        // Dispatching what is left finishes the job, and nothing is routed twice.
        const routed = new Set(routedIds);
        const left = ids.filter((id) => !routed.has(id));
        if (left.length) expect(dispatch(ctx, 'routing.dispatchMany', { leadIds: left })).toMatchObject({ ok: true, value: { failed: [] } });
        expect(count(ctx, `SELECT count(*) FROM dispatches WHERE ended_at IS NULL AND ${inList}`)).toBe(ids.length);
        ctx.db.close();
      }
      tally.midway += midway;
      expect(midway).toBeGreaterThanOrEqual(KILLS / 2);
    },
    TIMEOUT,
  );

  it(
    're-routes each of 20,000 overdue leads exactly once, in bounded ticks and slices, when the jobs are killed and restarted',
    async () => {
      const OVERDUE = 20_000;
      const dbPath = join(dir, 'overdue.sqlite');
      const setup = await openApp({ dbPath, demo: false });
      // Dispatched a month ago, nobody answered: the app was closed meanwhile.
      const dispatchedAt = Date.now() - 30 * 86_400_000;
      const ids = seedOverdueBacklog(setup, { count: OVERDUE, dispatchedAt, dueAt: dispatchedAt + 3_600_000 });
      setup.db.close();
      const backlog = async () => {
        const ctx = await reopen(dbPath);
        const n = count(ctx, "SELECT count(*) FROM dispatches WHERE ended_at IS NULL AND outcome = 'member' AND accept_due_at < ?", Date.now());
        ctx.db.close();
        return n;
      };

      const next = random(2026);
      const ticks: Pick<TickReport, 'expired' | 'reassignBacklog'>[] = [];
      let before = OVERDUE;
      let midway = 0;
      for (let run = 0; ; run++) {
        // Three runs killed after re-routing a seeded 500 to 4,000 more leads (each one "the app restarting"), then one left to finish.
        const expiredBefore = OVERDUE - before + 500 + Math.floor(next() * 3500);
        const killAt: KillPoint = (db) => count1(db, "SELECT count(*) FROM dispatches WHERE end_reason = 'expired'") >= expiredBefore;
        const { finished, out } = await runChild([dbPath, 'jobs'], run < 3 ? killAt : null);
        ticks.push(
          ...out
            .split('\n')
            .filter((l) => l.startsWith('tick '))
            .map((l) => JSON.parse(l.slice(5)) as Pick<TickReport, 'expired' | 'reassignBacklog'>),
        );
        if (finished) break;
        tally.kills++;
        const left = await backlog();
        if (left > 0 && left < before) midway++;
        before = left;
      }
      tally.midway += midway;
      expect(midway).toBeGreaterThanOrEqual(2);

      const ctx = await reopen(dbPath);
      const inList = `lead_id IN (${ids.join(',')})`;
      // Every lead expired once, re-routed once, and holds one open dispatch (a member's or the head office's).
      for (const type of ['expired', 'reassigned']) {
        expect(count(ctx, `SELECT count(*) FROM lead_events WHERE type = ? AND ${inList}`, type)).toBe(OVERDUE);
        expect(count(ctx, `SELECT count(DISTINCT lead_id) FROM lead_events WHERE type = ? AND ${inList}`, type)).toBe(OVERDUE);
      }
      expect(count(ctx, "SELECT count(*) FROM dispatches WHERE end_reason = 'expired'")).toBe(OVERDUE);
      expect(count(ctx, 'SELECT count(*) FROM dispatches WHERE ended_at IS NULL')).toBe(OVERDUE);
      expect(count(ctx, 'SELECT count(DISTINCT lead_id) FROM dispatches WHERE ended_at IS NULL')).toBe(OVERDUE);
      expect(ctx.db.prepare('SELECT min(reassignments), max(reassignments) FROM leads').raw().get()).toEqual([1, 1]);
      // Every tick within its limit; every slice (one transaction, one instant) within its own.
      expect(ticks.length).toBeGreaterThan(0);
      expect(Math.max(...ticks.map((t) => t.expired))).toBeLessThanOrEqual(DEFAULT_LIMITS.reassignPerTick);
      expect(count(ctx, "SELECT max(n) FROM (SELECT count(*) AS n FROM lead_events WHERE type = 'expired' GROUP BY at)")).toBeLessThanOrEqual(DEFAULT_LIMITS.reassignSlice);
      expect(ticks.at(-1)!.reassignBacklog).toBe(0);
      ctx.db.close();
    },
    TIMEOUT,
  );
});
