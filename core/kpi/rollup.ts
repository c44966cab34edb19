/**
 * Keeps the stored totals and clocks (migration 0011) up to date. Triggers on lead_facts note
 * the hours of reception that changed; before the dashboard reads, the Paris days holding those
 * hours are rebuilt from the facts with the same queries the dashboard runs on the facts
 * (totals.ts, clocks.ts), then their months from their days; the network map's tallies
 * (tallies.ts) likewise by day of dispatch. A change of calendar or SLA targets changes every
 * clock and tally, so it makes every day dirty.
 */
import { prepared, type Db } from '../db/connection';
import { insertRows } from '../db/insert-rows';
import type { BusinessHours } from '../../common/business-hours';
import type { SlaSettings, SlaTargets } from '../../common/sla';
import { businessClock, type BusinessClock } from './business';
import { addStoredClocks, ALL_DEPARTEMENTS, allClocks, asRuns, clocksMap, encodeLists, factClocks, VERDICT_COLUMNS, VERDICTS, type ClockRuns } from './clocks';
import { rebuildCrossMonth } from './cross';
import { rebuildDayLeads } from './day-leads';
import { dayStart, HOUR_MS, monthStart, spanPeriod } from './days';
import type { Period } from './period';
import { reportRows, storedFigures, tallyDispatches, writeFigures } from './report-figures';
import type { Scope } from './scope';
import { factTallies, TALLY, TALLY_COLUMNS } from './tallies';
import { DIMENSION_NAMES, factTotals, MEASURE_NAMES } from './totals';
import { heldElsewhere, unlessJobRuns, waitForJob } from '../jobs/once';

/** Changes when the way clocks are judged or stored changes (2: deadlines of common/sla.ts; 3: each day's leads, kpi_day_leads; 4: their dictionary a line per dimension; 5: the report's figures, kpi_report; 6: the months crossed by source and temperature, kpi_cross_*; 7: clocks of all départements together; 8: the months crossed by the pair source and temperature too), so stored days are rebuilt. */
const RULES = 8;

/** How far after its reception a lead's clocks are measured with the fast clock: two years. */
const CLOCK_REACH_MS = 731 * 86_400_000;

type Span = 'day' | 'month';

/** A day's or month's clocks per département, and all together (the network's response reads those). */
function writeClocks(db: Db, span: Span, start: number, byDepartement: Map<string, ClockRuns>): void {
  prepared(db, 'DELETE FROM kpi_clocks WHERE span = ? AND start = ?').run(span, start);
  const all: [string, ClockRuns][] = byDepartement.size ? [[ALL_DEPARTEMENTS, allClocks(byDepartement)]] : [];
  const rows = [...byDepartement, ...all].map(([dep, c]) => [span, start, dep, encodeLists(c), ...VERDICTS.map((v) => c[v])]);
  insertRows(db, 'kpi_clocks', `span, start, departement, lists, ${VERDICT_COLUMNS.join(', ')}`, rows);
}

const DIMS_IN = `dim IN (${DIMENSION_NAMES.map(() => '?').join(',')})`;

/** A day's totals from its facts: one short range of the clustered table, grouped in memory. */
function rebuildDayTotals(scope: Scope, day: number): void {
  const db = scope.db;
  prepared(db, `DELETE FROM kpi_totals WHERE span = 'day' AND ${DIMS_IN} AND start = ?`).run(...DIMENSION_NAMES, day);
  const grouped = factTotals(scope, DIMENSION_NAMES, spanPeriod('day', day));
  const rows = DIMENSION_NAMES.flatMap((dim) => [...grouped[dim]].map(([key, t]) => ['day', day, dim, key, ...MEASURE_NAMES.map((m) => t[m])]));
  insertRows(db, 'kpi_totals', `span, start, dim, key, ${MEASURE_NAMES.join(', ')}`, rows);
}

/** A month's totals and clocks from its days'. */
function rebuildMonth(db: Db, month: number): void {
  const p = spanPeriod('month', month);
  prepared(db, `DELETE FROM kpi_totals WHERE span = 'month' AND ${DIMS_IN} AND start = ?`).run(...DIMENSION_NAMES, month);
  prepared(
    db,
    `INSERT INTO kpi_totals (span, start, dim, key, ${MEASURE_NAMES.join(', ')})
     SELECT 'month', ?, dim, key, ${MEASURE_NAMES.map((m) => `sum(${m})`).join(', ')} FROM kpi_totals
     WHERE span = 'day' AND ${DIMS_IN} AND start >= ? AND start < ? GROUP BY dim, key`,
  ).run(month, ...DIMENSION_NAMES, p.from, p.to);
  const { map, into } = clocksMap();
  addStoredClocks(db, into, 'day', p);
  writeClocks(db, 'month', month, map);
  // Its crossed figures are rebuilt later (buildCrossMonths): read from its days meanwhile.
  prepared(db, 'DELETE FROM kpi_cross_months WHERE start = ?').run(month);
}

/** Rebuilds the crossed figures of up to `max` months holding leads whose figures are not current, latest first. */
function buildCrossMonths(db: Db, max: number): void {
  if (max <= 0) return;
  const stale = prepared(
    db,
    `SELECT start FROM kpi_totals WHERE span = 'month' AND dim = 'all' AND start NOT IN (SELECT start FROM kpi_cross_months) ORDER BY start DESC${max === Infinity ? '' : ` LIMIT ${Math.floor(max)}`}`,
  )
    .pluck()
    .all() as number[];
  for (const month of stale) {
    rebuildCrossMonth(db, month);
    prepared(db, 'INSERT INTO kpi_cross_months (start) VALUES (?)').run(month);
  }
}

/** A day's network tallies and report figures from its dispatches. */
function rebuildNetworkDay(db: Db, day: number, clock: BusinessClock, sla: SlaSettings): void {
  prepared(db, `DELETE FROM kpi_network WHERE span = 'day' AND start = ?`).run(day);
  const rows = [...factTallies(db, spanPeriod('day', day), clock, sla)].map(([key, t]) => ['day', day, ...key.split(':').map(Number), ...TALLY.map((n) => t[n])]);
  insertRows(db, 'kpi_network', `span, start, member_id, territory_id, ${TALLY_COLUMNS.join(', ')}`, rows);
  writeFigures(db, 'day', day, tallyDispatches(reportRows(db, spanPeriod('day', day)), clock, sla));
}

function rebuildNetworkMonth(db: Db, month: number): void {
  const p = spanPeriod('month', month);
  prepared(db, `DELETE FROM kpi_network WHERE span = 'month' AND start = ?`).run(month);
  prepared(
    db,
    `INSERT INTO kpi_network (span, start, member_id, territory_id, ${TALLY_COLUMNS.join(', ')})
     SELECT 'month', ?, member_id, territory_id, ${TALLY_COLUMNS.map((c) => `sum(${c})`).join(', ')} FROM kpi_network
     WHERE span = 'day' AND start >= ? AND start < ? GROUP BY member_id, territory_id`,
  ).run(month, p.from, p.to);
  writeFigures(db, 'month', month, storedFigures(db, 'day', p));
}

/** One clock for many days, from the first: a lead's later events fall on later days, which
 * the clock must cover to stay fast (outside its range it asks the calendar day by day). */
function clockOver(days: number[], cal: BusinessHours): BusinessClock {
  return businessClock(days[0]!, days[days.length - 1]! + CLOCK_REACH_MS, cal);
}

/** Hours of reception and of dispatch, as the triggers note them. */
const RECEPTION_HOURS = 'SELECT DISTINCT received_at / 3600000 FROM lead_facts';
const DISPATCH_HOURS = 'SELECT DISTINCT at / 3600000 FROM dispatches WHERE member_id IS NOT NULL';

/** How many mark numbers one DELETE names: a short chunk repeats its first, so one statement serves all. */
const DELETE_CHUNK = 100;

/**
 * Takes the first `max` days of a dirty-marks table, in order, and deletes the marks it read, by
 * number (migration 0032): a writer's mark appended meanwhile stays for the next rebuild, and a
 * writer never waits for this transaction. Not `id <= max`: on PostgreSQL a number taken earlier
 * may commit later, after this read of the facts.
 */
function takeDirtyDays(db: Db, table: string, max: number): number[] {
  const days: Period[] = [];
  const taken: number[] = [];
  for (const { id, hour } of prepared(db, `SELECT id, hour FROM ${table} ORDER BY hour`).all() as { id: number; hour: number }[]) {
    const t = hour * HOUR_MS;
    // Hours come in order: most fall in the day already found, without a time-zone lookup.
    if (!days.length || t >= days[days.length - 1]!.to) {
      if (days.length === max) break;
      days.push(spanPeriod('day', dayStart(t)));
    }
    taken.push(id);
  }
  for (let i = 0; i < taken.length; i += DELETE_CHUNK) {
    const ids = Array.from({ length: DELETE_CHUNK }, (_, j) => taken[i + j] ?? taken[i]!);
    prepared(db, `DELETE FROM ${table} WHERE id IN (${ids.map(() => '?').join(',')})`).run(...ids);
  }
  return days.map((p) => p.from);
}

/** What the stored days were built with: when it changes, every day is rebuilt. */
const builtWith = (cal: BusinessHours, targets: SlaTargets) => JSON.stringify({ rules: RULES, cal, targets });

/** Whether a rebuild has something to do: the marks of a change, or a calendar or targets the stored days were not built with. */
export function rollupDue(db: Db, cal: BusinessHours, targets: SlaTargets): boolean {
  const sql = `SELECT CASE WHEN EXISTS (SELECT 1 FROM kpi_dirty_hours) OR EXISTS (SELECT 1 FROM kpi_dirty_dispatch_hours)
    OR NOT EXISTS (SELECT 1 FROM kpi_rollup_state WHERE settings = ?) THEN 1 ELSE 0 END`;
  return prepared(db, sql).pluck().get(builtWith(cal, targets)) === 1;
}

/**
 * Brings the stored totals, clocks and tallies up to date for the calendar and targets, in one
 * transaction: all of it before a read, at most `maxDays` days of each kind for the background
 * jobs (which spread a large backlog, an upgrade's or a big import's, over several ticks), and
 * the crossed figures of at most `crossMonths` months (none before a dashboard's read: they are
 * thousands of rows a month, and a month not rebuilt yet is read from its days).
 * Returns how many days were rebuilt (of reception, then of dispatch).
 */
export function refreshRollup(db: Db, cal: BusinessHours, targets: SlaTargets, maxDays = Infinity, { wait = true, crossMonths = Infinity } = {}): number {
  return db.transaction(() => {
    // One rebuild at a time across server processes (the job's and every dashboard's). A read
    // that need not wait (the dashboard) finds the totals as the running rebuild will leave them,
    // but for the changes of the last instant: the server bench's dashboards spent most of their
    // lock waits here, each holding its process's other people (docs/design/engines.md). Nor
    // does it rebuild while a server's rollup process leads (host/rollup-child.ts), which
    // rebuilds every change within a fraction of a second: the slowest dashboards were those
    // that rebuilt days in their own request, holding every other request of their process.
    if (!wait) {
      if (heldElsewhere(db, 'rollupProcess') || !unlessJobRuns(db, 'rollup')) return 0;
    } else waitForJob(db, 'rollup');
    const settings = builtWith(cal, targets);
    if (prepared(db, 'SELECT settings FROM kpi_rollup_state').pluck().get() !== settings) {
      // Every clock and tally depends on them: every day becomes dirty.
      db.exec(`INSERT INTO kpi_dirty_hours (hour) ${RECEPTION_HOURS}; INSERT INTO kpi_dirty_dispatch_hours (hour) ${DISPATCH_HOURS};`);
      prepared(db, 'INSERT INTO kpi_rollup_state (id, settings) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET settings = excluded.settings').run(settings);
    }
    const scope: Scope = { db, period: { from: 0, to: 0 }, filters: {}, now: 0, targets, cal };
    const days = takeDirtyDays(db, 'kpi_dirty_hours', maxDays);
    if (days.length) {
      const clock = clockOver(days, cal);
      for (const day of days) {
        rebuildDayTotals(scope, day);
        writeClocks(db, 'day', day, asRuns(factClocks(scope, spanPeriod('day', day), clock)));
        rebuildDayLeads(db, spanPeriod('day', day), clock, { targets, calendar: cal });
      }
      for (const month of new Set(days.map(monthStart))) rebuildMonth(db, month);
    }
    buildCrossMonths(db, crossMonths);
    const dispatchDays = takeDirtyDays(db, 'kpi_dirty_dispatch_hours', maxDays);
    if (dispatchDays.length) {
      const clock = clockOver(dispatchDays, cal);
      for (const day of dispatchDays) rebuildNetworkDay(db, day, clock, { targets, calendar: cal });
      for (const month of new Set(dispatchDays.map(monthStart))) rebuildNetworkMonth(db, month);
    }
    return days.length + dispatchDays.length;
  })();
}
