/**
 * Keeps the per-day totals and clocks (migration 0011) up to date. Triggers on lead_facts note
 * the hours of reception that changed; before the dashboard reads, the Paris days holding those
 * hours are rebuilt from the facts with the same queries the dashboard runs on the facts
 * (totals.ts, clocks.ts), one contiguous run of days at a time. A change of calendar or SLA
 * targets changes every clock, so it rebuilds every day.
 */
import type { Db } from '../db/connection';
import type { BusinessHours } from '../sla/calendar';
import type { SlaTargets } from '../sla/targets';
import { businessClock } from './business';
import { CLOCK_COLUMNS, DURATION_LISTS, encodeList, factClocks, VERDICTS } from './clocks';
import { dayStart, midnightOnOrAfter } from './days';
import type { Period } from './period';
import type { Scope } from './scope';
import { DIMENSION_NAMES, factTotalsByDay, MEASURE_NAMES } from './totals';

const HOUR_MS = 3_600_000;

/** Consecutive Paris days holding the dirty hours, as periods. */
function dirtyRuns(hours: number[]): Period[] {
  const days = [...new Set(hours.map((h) => dayStart(h * HOUR_MS)))].sort((a, b) => a - b);
  const runs: Period[] = [];
  for (const day of days) {
    const last = runs[runs.length - 1];
    const end = midnightOnOrAfter(day + 1);
    if (last && last.to === day) last.to = end;
    else runs.push({ from: day, to: end });
  }
  return runs;
}

function rebuild(scope: Scope, run: Period): void {
  const db = scope.db;
  const insertDay = db.prepare(`INSERT INTO kpi_days (dim, day, key, ${MEASURE_NAMES.join(', ')}) VALUES (?, ?, ?, ${MEASURE_NAMES.map(() => '?').join(', ')})`);
  for (const dim of DIMENSION_NAMES) {
    db.prepare('DELETE FROM kpi_days WHERE dim = ? AND day >= ? AND day < ?').run(dim, run.from, run.to);
    for (const [day, byKey] of factTotalsByDay(scope, dim, run)) {
      for (const [key, t] of byKey) insertDay.run(dim, day, key, ...MEASURE_NAMES.map((m) => t[m]));
    }
  }
  db.prepare('DELETE FROM kpi_day_clocks WHERE day >= ? AND day < ?').run(run.from, run.to);
  const insertClocks = db.prepare(`INSERT INTO kpi_day_clocks (day, departement, ${CLOCK_COLUMNS.join(', ')}) VALUES (?, ?, ${CLOCK_COLUMNS.map(() => '?').join(', ')})`);
  const clock = businessClock(run.from, run.to, scope.cal);
  for (const [day, byDepartement] of factClocks(scope, run, clock, true)) {
    for (const [dep, c] of byDepartement) insertClocks.run(day, dep, ...DURATION_LISTS.map((list) => encodeList(c[list])), ...VERDICTS.map((v) => c[v]));
  }
}

/**
 * Brings the per-day tables up to date for the scope's calendar and targets, in one
 * transaction. Returns how many days were rebuilt.
 */
export function refreshRollup(db: Db, cal: BusinessHours, targets: SlaTargets): number {
  return db.transaction(() => {
    const settings = JSON.stringify({ cal, targets });
    if (db.prepare('SELECT settings FROM kpi_rollup_state').pluck().get() !== settings) {
      db.exec(`DELETE FROM kpi_days; DELETE FROM kpi_day_clocks; DELETE FROM kpi_dirty_hours;
        INSERT INTO kpi_dirty_hours SELECT DISTINCT received_at / ${HOUR_MS} FROM lead_facts;`);
      db.prepare('INSERT INTO kpi_rollup_state (id, settings) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET settings = excluded.settings').run(settings);
    }
    const hours = db.prepare('SELECT hour FROM kpi_dirty_hours').pluck().all() as number[];
    if (hours.length === 0) return 0;
    const scope: Scope = { db, period: { from: 0, to: 0 }, filters: {}, now: 0, targets, cal };
    let days = 0;
    for (const run of dirtyRuns(hours)) {
      rebuild(scope, run);
      days += Math.round((run.to - run.from) / 86_400_000);
    }
    db.exec('DELETE FROM kpi_dirty_hours');
    return days;
  })();
}
