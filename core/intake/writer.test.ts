/**
 * The background import of a SQLite file, committed on the writing thread from a connection of
 * its own (writer.ts): it writes what intake.run writes, the app's connection keeps writing
 * meanwhile (db/write-turn.ts) while the scheduler's jobs wait for its end, and a cancel undoes it. SQLite's own file:
 * tests/engines/sqlite-only.txt.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { openDatabase, sqliteOf } from '../db/connection';
import { caller } from '../test-support';
import { numberedMapping as mapping, numberedRows } from './fixtures/numbered-rows';
import { seedOverdueBacklog } from '../jobs/overdue-fixture';
import { runJobs } from '../jobs/scheduler';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const opened: Context[] = [];

function fileContext(): Context {
  const file = join(mkdtempSync(join(tmpdir(), 'aig-writer-')), 'import.sqlite');
  const ctx = { db: openDatabase(file), dbPath: file, actor: 'test', now: () => NOW };
  opened.push(ctx);
  return ctx;
}

afterEach(() => {
  for (const ctx of opened.splice(0)) ctx.db.close();
});

/** Polls the job as the window does, running `meanwhile` at each poll, until it ends. */
async function untilEnded(ctx: Context, jobId: string, meanwhile: () => void = () => {}) {
  const { call } = caller(ctx);
  let state = call('intake.progress', { jobId });
  while (state.status === 'running') {
    meanwhile();
    await sleep(10);
    state = call('intake.progress', { jobId });
  }
  return state;
}

/** What an import left in the database, but the times taken from the clock as each batch commits (the writing thread's clock moves on). */
function written(ctx: Context) {
  const rows = (sql: string) => (ctx.db.prepare(sql).all() as Record<string, unknown>[]).map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !/(^at|_at)$/.test(column))));
  return {
    leads: rows('SELECT * FROM leads ORDER BY id'),
    duplicates: rows('SELECT * FROM lead_duplicates ORDER BY lead_id, other_id'),
    facts: rows('SELECT * FROM lead_facts ORDER BY lead_id'),
    events: rows('SELECT lead_id, type, at, actor, data FROM lead_events ORDER BY id'),
    search: rows('SELECT rowid, * FROM leads_fts ORDER BY rowid'),
    imports: rows('SELECT id, file_name, source_name, status, data_rows, committed_rows, accepted, warned, rejected, error, fingerprint FROM imports'),
  };
}

describe('background import on the writing thread', () => {
  it('writes what the blocking import writes: leads, duplicates, report, facts and search entries', async () => {
    // Every 40th row calls again (same phone): duplicates within the file, found by the reading thread.
    const lines = numberedRows(6_000).split('\n');
    for (let i = 40; i < lines.length - 1; i += 40) lines[i] = lines[i - 1]!;
    const contentBase64 = Buffer.from(lines.join('\n')).toString('base64');
    const blocking = fileContext();
    const background = fileContext();
    for (const ctx of [blocking, background]) caller(ctx).call('leads.create', { lastName: 'Known', phone: '06 10 00 00 07', postalCode: '37000', city: 'Tours' });
    const report = caller(blocking).call('intake.run', { fileName: 'calls.csv', contentBase64, sourceName: 'Test', mapping, batchSize: 1_000 });
    const { jobId } = caller(background).call('intake.start', { fileName: 'calls.csv', contentBase64, sourceName: 'Test', mapping, batchSize: 1_000 });
    const state = await untilEnded(background, jobId);
    expect(state).toMatchObject({ status: 'completed', report: { counts: report.counts, duplicates: report.duplicates, rows: report.rows } });
    expect(report.duplicates).toBeGreaterThan(150);
    const result = written(background);
    expect(result.leads).toHaveLength(6_001);
    expect(result.duplicates).toHaveLength(report.duplicates);
    expect(result).toEqual(written(blocking));
  }, 120_000);

  it('lets the app write while it commits, and gives the app connection its settings back', async () => {
    const ctx = fileContext();
    const { call, tryCall } = caller(ctx);
    const sqlite = sqliteOf(ctx.db, 'busy_timeout');
    const { jobId } = call('intake.start', { fileName: 'big.csv', contentBase64: Buffer.from(numberedRows(40_000)).toString('base64'), sourceName: 'Test', mapping });
    const created: number[] = [];
    const failures: unknown[] = [];
    const busyTimeouts = new Set<number>();
    const autocheckpoints = new Set<number>();
    const state = await untilEnded(ctx, jobId, () => {
      const n = created.length + failures.length;
      const result = tryCall('leads.create', { lastName: `Walk-in ${n}`, phone: `07${String(20_000_000 + n).slice(-8)}`, postalCode: '37000', city: 'Tours' });
      if (result.ok) created.push(result.value.lead.id);
      else failures.push(result.error);
      busyTimeouts.add(sqlite.pragma('busy_timeout', { simple: true }) as number);
      autocheckpoints.add(sqlite.pragma('wal_autocheckpoint', { simple: true }) as number);
    });
    expect(failures).toEqual([]);
    expect(state).toMatchObject({ status: 'completed', report: { counts: { accepted: 40_000 } } });
    // Written during the import (the lock shared), every one kept beside the import's leads.
    expect(created.length).toBeGreaterThan(3);
    expect(ctx.db.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(40_000 + created.length);
    expect(ctx.db.prepare("SELECT count(*) FROM leads WHERE last_name LIKE 'WALK-IN%' OR last_name LIKE 'Walk-in%'").pluck().get()).toBe(created.length);
    // Between commands the connection waits on the lock as ever (writes outside a command wait for the batch); it leaves the checkpoints to the import's thread.
    expect([...busyTimeouts]).toEqual([5000]);
    expect([...autocheckpoints]).toEqual([0]);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  }, 120_000);

  it('keeps the scheduler’s jobs waiting until it has ended', async () => {
    const dispatched = Date.UTC(2026, 10, 2, 9);
    const ctx = { ...fileContext(), now: () => NOW };
    seedOverdueBacklog(ctx, { count: 40, dispatchedAt: dispatched, dueAt: dispatched + 8 * 3_600_000 });
    const { call } = caller(ctx);
    const { jobId } = call('intake.start', { fileName: 'big.csv', contentBase64: Buffer.from(numberedRows(20_000)).toString('base64'), sourceName: 'Test', mapping });
    // Due, but the import holds the lock for its batches: the tick leaves the backlog for later.
    expect(await runJobs(ctx, () => {})).toMatchObject({ expired: 0, reassignBacklog: 40, kpiDays: 0 });
    expect(await untilEnded(ctx, jobId)).toMatchObject({ status: 'completed' });
    expect(await runJobs(ctx, () => {})).toMatchObject({ expired: 40, reassignBacklog: 0 });
  }, 120_000);

  it('undoes what it committed when cancelled', async () => {
    const ctx = fileContext();
    const { call } = caller(ctx);
    const { jobId } = call('intake.start', { fileName: 'big.csv', contentBase64: Buffer.from(numberedRows(60_000)).toString('base64'), sourceName: 'Test', mapping, batchSize: 2_000 });
    let asked = false;
    const state = await untilEnded(ctx, jobId, () => {
      if (asked || call('intake.progress', { jobId }).progress.done < 4_000) return;
      asked = true;
      expect(call('intake.cancel', { jobId })).toMatchObject({ status: 'running', cancelling: true });
    });
    expect(asked).toBe(true);
    expect(state).toMatchObject({ status: 'cancelled' });
    expect((state as { removedLeads: number }).removedLeads).toBeGreaterThanOrEqual(4_000);
    expect(ctx.db.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(0);
    expect(ctx.db.prepare('SELECT status FROM imports').pluck().all()).toEqual(['undone']);
  }, 120_000);

  it('refuses an unreadable file with the reason, in the language of the call', async () => {
    const ctx = fileContext();
    const { jobId } = caller(ctx, 'fr').call('intake.start', { fileName: 'x.xlsx', contentBase64: Buffer.from('not a workbook').toString('base64'), sourceName: 'Test', mapping });
    const state = await untilEnded(ctx, jobId);
    expect(state).toMatchObject({ status: 'error', error: { code: 'invalid_input' } });
    expect((state as { error: { message: string } }).error.message).toMatch(/fichier/i);
    expect(ctx.db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(0);
  }, 60_000);
});
