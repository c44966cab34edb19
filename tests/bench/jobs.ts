/**
 * Background jobs on a backlog of overdue dispatches (issue 20): re-routing 1,000 of them in
 * slices of 250 against one network snapshot each, against the path before slices (one
 * transaction, a snapshot built for each lead) on a copy of the same database, same clock; and
 * the peak memory of ticks working off 20,000, measured in a child process, against the path
 * before slices on the first 2,000 of them (on 20,000 it takes minutes and gigabytes).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from '../../core/commands/define';
import { dispatch } from '../../core/commands/dispatch';
import { openApp } from '../../core/open';
import { sqliteOf } from '../../core/db/connection';
import { seedOverdueBacklog } from '../../core/jobs/overdue-fixture';
import type { ScanResult } from '../../core/routing/reassign';
import { reassignPerLead } from './jobs-child';
import { median, time, type Report } from './report';

const DAY = 86_400_000;
const ROUNDS = 3;
const root = join(import.meta.dirname, '..', '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** A database file with `count` leads dispatched a month ago and never accepted. */
async function backlogFile(dir: string, count: number): Promise<string> {
  const file = join(dir, `overdue-${count}.sqlite`);
  const ctx = await openApp({ dbPath: file, demo: false });
  const dispatchedAt = Date.now() - 30 * DAY;
  seedOverdueBacklog(ctx, { count, dispatchedAt, dueAt: dispatchedAt + 3_600_000 });
  sqliteOf(ctx.db, 'bench').pragma('wal_checkpoint(TRUNCATE)');
  ctx.db.close();
  return file;
}

/** Opens a fresh copy of `file` (the runs change it) and times `run` on it. */
async function timeOnCopy(file: string, name: string, run: (ctx: Context) => number): Promise<number> {
  const copy = file.replace(/\.sqlite$/, `-${name}.sqlite`);
  copyFileSync(file, copy);
  const ctx = await openApp({ dbPath: copy, demo: false, actor: 'bench' });
  let done = 0;
  const ms = time(() => (done = run(ctx)));
  ctx.db.close();
  rmSync(copy, { force: true });
  if (done !== 1000) throw new Error(`${name} re-routed ${done} leads, not 1,000`);
  return ms;
}

/** The job's slices as the scheduler runs them (the yields between them excluded). */
function inSlices(ctx: Context): number {
  let done = 0;
  for (let n = -1; n !== 0;) {
    const scan = dispatch(ctx, 'sla.scan', { limit: 250 });
    if (!scan.ok) throw new Error(JSON.stringify(scan.error));
    done += n = (scan.value as ScanResult).expired;
  }
  return done;
}

function childGrowth(file: string, mode: 'ticks' | 'per-lead', limit?: number): number {
  const copy = file.replace(/\.sqlite$/, `-${mode}.sqlite`);
  copyFileSync(file, copy);
  const out = execFileSync(process.execPath, ['--import', tsxLoader, join(import.meta.dirname, 'jobs-child.ts'), copy, mode, String(limit ?? '')], { encoding: 'utf8' });
  rmSync(copy, { force: true });
  return (JSON.parse(out.trim().split('\n').at(-1)!) as { growthMB: number }).growthMB;
}

export async function benchJobs(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aig-bench-jobs-'));
  try {
    const thousand = await backlogFile(dir, 1000);
    const sliced: number[] = [];
    const perLead: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      sliced.push(await timeOnCopy(thousand, 'sliced', inSlices));
      perLead.push(await timeOnCopy(thousand, 'per-lead', (ctx) => reassignPerLead(ctx, 1000)));
    }
    report({ name: 're-assign 1000 overdue leads', value: median(sliced), unit: 'ms', baseline: median(perLead), goal: 500 });

    const twenty = await backlogFile(dir, 20_000);
    const ticks = childGrowth(twenty, 'ticks');
    const before = childGrowth(twenty, 'per-lead', 2000);
    report({ name: 'jobs tick peak memory with 20k overdue', value: ticks, unit: 'MB', baseline: before, goal: 300 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
