/**
 * The rollup process beside each server process on PostgreSQL (rollup-child.ts): one of them
 * rebuilds a change's days in the background, and while one leads a dashboard reads the stored
 * totals without rebuilding in its own request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../core/commands/define';
import { openDatabase } from '../core/db/connection';
import type { Db } from '../core/db/engine';
import { appRoleUrl } from '../core/db/row-security';
import { createDatabase, dropDatabase, scratchName } from '../core/db/scratch';
import { exclusively } from '../core/jobs/once';
import { refreshRollup, rollupDue } from '../core/kpi/rollup';
import { readSettings } from '../core/settings/read';
import { setup } from '../core/test-network';
import { startRollupProcess } from './rollup-process';

const URL = process.env.AIGUILLAGE_TEST_PG_URL;

describe.skipIf(!URL)('the rollup process of the server processes on PostgreSQL', { timeout: 120_000 }, () => {
  const name = scratchName('rollup_process');
  let url: string;
  let ctx: Context;
  const due = () => {
    const s = readSettings(ctx);
    return rollupDue(ctx.db, s['sla.businessHours'], s['sla.targets']);
  };
  const leaders = (db: Db) => Number(db.prepare("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 9 AND objsubid = 2 AND granted").pluck().get());

  beforeAll(() => {
    url = createDatabase(URL!, name);
    ctx = { db: openDatabase(url), dbPath: url, actor: 'test', now: () => Date.now() };
  });
  afterAll(() => {
    ctx.db.close();
    dropDatabase(URL!, name);
  });

  it('rebuilds the days of a change in the background, one of two leading', async () => {
    const n = setup(Date.now(), ctx);
    const s = readSettings(ctx);
    refreshRollup(ctx.db, s['sla.businessHours'], s['sla.targets']);
    n.lead();
    expect(due()).toBe(true);
    const logged: unknown[] = [];
    const processes = [startRollupProcess(appRoleUrl(url), (...entry) => logged.push(entry)), startRollupProcess(appRoleUrl(url), (...entry) => logged.push(entry))];
    try {
      for (let waited = 0; due(); waited += 100) {
        if (waited > 60_000) throw new Error('the rollup processes rebuilt nothing in a minute');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(Number(ctx.db.prepare("SELECT sum(received) FROM kpi_totals WHERE span = 'day' AND dim = 'source'").pluck().get())).toBe(1);
      expect(leaders(ctx.db)).toBe(1);
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
    }
    expect(leaders(ctx.db)).toBe(0);
    expect(logged).toEqual([]);
  });

  it('a dashboard does not rebuild while a rollup process leads, and does once none does', async () => {
    const n = setup(Date.now(), ctx);
    const s = readSettings(ctx);
    const read = () => refreshRollup(ctx.db, s['sla.businessHours'], s['sla.targets'], Infinity, { wait: false });
    n.lead({ firstName: 'Paul', phone: '06 98 76 54 32' });
    expect(due()).toBe(true);
    // Another server's rollup process, leading (its connection holds the lock) but not at work this instant.
    const other = openDatabase(url);
    let release!: () => void;
    const leading = exclusively(other, 'rollupProcess', () => new Promise<void>((resolve) => (release = resolve)));
    try {
      expect(read()).toBe(0);
      expect(due()).toBe(true);
    } finally {
      release();
      await leading;
      other.close();
    }
    expect(read()).toBeGreaterThan(0);
    expect(due()).toBe(false);
  });
});
