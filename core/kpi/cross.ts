/**
 * The figures of each Paris month crossed by source, by temperature, by département and by the
 * pair source and temperature (migration 0033): for each value of the one filter (each pair of
 * values), its totals grouped by every dimension and, but for a département, its response clocks
 * per département (a département's are the network's stored ones), rebuilt from the month's
 * stored days of leads (day-leads.ts) with the month's other totals (rollup.ts). A view filtered
 * by a source or a temperature, or by both, reads its whole months here: alone, grouped by
 * anything; a source or a temperature with a set of départements (a département, a region), for
 * what the départements' grouping answers (their keys' rows). A view filtered by départements or
 * a region alone reads their rows added up. Its other days come from the days of leads, the
 * partial days at the ends from the facts, as for any filtered view.
 */
import { prepared, type Db } from '../db/connection';
import { insertRows } from '../db/insert-rows';
import { addClockRows, clocksMap, encodeLists, VERDICT_COLUMNS, VERDICTS, type ClockRuns } from './clocks';
import { clocksOfDays, groupKey, readStoredDays, sumDays, type Keyed } from './day-leads';
import { spanPeriod } from './days';
import type { Period } from './period';
import { activeFilters, usesRollup, type Scope } from './scope';
import { DIMENSION_NAMES, MEASURE_NAMES, type Dimension } from './totals';

/** The filters whose values the months are crossed by (a pair: each pair of values, named by groupKey), each stored under its dimensions' names joined by '+'; the clocks by all but the département. */
const CROSSED: readonly (readonly Keyed[])[] = [['source'], ['temperature'], ['departement'], ['source', 'temperature']];
type Crossed = 'source' | 'temperature' | 'departement';

/** A view the crossed months answer: the values of a crossed filter (one, a region's départements, a pair) and, when set, the one other filter (its grouping and keys). */
export interface Crossing {
  dim: Crossed | 'source+temperature';
  keys: string[];
  other: { dim: Crossed; keys: string[] } | null;
}

const isCrossed = (dim: string): dim is 'source' | 'temperature' => dim === 'source' || dim === 'temperature';

/**
 * The crossing of a view reading stored figures, or null: one source or temperature, with at most
 * départements (a département, a region: their intersection when both) besides; a source and a
 * temperature; or départements alone. No member.
 */
export function crossing(scope: Scope): Crossing | null {
  if (!usesRollup(scope)) return null;
  const active = activeFilters(scope.filters);
  const crossed = active.filter((f) => isCrossed(f.dim));
  const deps = active.filter((f) => f.dim === 'departement');
  if (crossed.length + deps.length < active.length || (crossed.length === 2 && deps.length) || active.length === 0) return null;
  const depKeys = deps.length ? deps.map((f) => f.keys.map(String)).reduce((a, b) => a.filter((k) => b.includes(k))) : null;
  const [first, second] = crossed;
  if (!first) return { dim: 'departement', keys: depKeys!, other: null };
  // activeFilters lists the source before the temperature, as the pair's rows are keyed.
  if (second) return { dim: 'source+temperature', keys: [groupKey([String(first.keys[0]), String(second.keys[0])])], other: null };
  return { dim: first.dim as Crossed, keys: [String(first.keys[0])], other: depKeys ? { dim: 'departement', keys: depKeys } : null };
}

/** Whether the crossed months hold totals grouped by `dims` for a crossing: any grouping alone, only its other filter's (or none) with one. */
export function crossesTotals(c: Crossing | null, dims: readonly Dimension[]): c is Crossing {
  return c !== null && dims.every((d) => !c.other || d === 'all' || d === c.other.dim);
}

/** Whether they hold its clocks per département: a source, a temperature or both, alone or with départements. */
export function crossesClocks(c: Crossing | null): c is Crossing {
  return c !== null && c.dim !== 'departement' && (!c.other || c.other.dim === 'departement');
}

/**
 * The whole months of `months` (none: null) in runs: those whose crossed figures are current
 * (kpi_cross_months, rebuilt by the background jobs), and the others, to be read from their days meanwhile.
 */
export function crossedRuns(db: Db, months: Period | null): { crossed: Period[]; days: Period[] } {
  if (!months) return { crossed: [], days: [] };
  const current = prepared(db, 'SELECT start FROM kpi_cross_months WHERE start >= ? AND start < ? ORDER BY start').pluck().all(months.from, months.to) as number[];
  const out = { crossed: [] as Period[], days: [] as Period[] };
  // Only the listed months are walked: an ageing bucket's period starts in 1970.
  let at = months.from;
  for (const start of current) {
    if (start > at) out.days.push({ from: at, to: start });
    const last = out.crossed[out.crossed.length - 1];
    const to = spanPeriod('month', start).to;
    if (last && last.to === start) last.to = to;
    else out.crossed.push({ from: start, to });
    at = to;
  }
  if (at < months.to) out.days.push({ from: at, to: months.to });
  return out;
}

const SUMS = () => MEASURE_NAMES.map((m) => `sum(${m})`).join(', ');

/**
 * Adds the crossed totals of whole months, per grouping and key, through `add` (the measures in
 * MEASURE_NAMES order). With another filter, its grouping's rows of its keys: per key to that
 * grouping, all together to 'all'.
 */
export function addCrossTotals<D extends Dimension>(db: Db, c: Crossing, dims: readonly D[], months: Period, add: (dim: D, key: string, values: number[]) => void): void {
  if (c.keys.length === 0 || c.other?.keys.length === 0) return;
  const keysIn = (keys: readonly string[]) => `IN (${keys.map(() => '?').join(',')})`;
  if (c.other) {
    const sql = `SELECT key, ${SUMS()} FROM kpi_cross_totals WHERE filter_dim = ? AND filter_key ${keysIn(c.keys)} AND dim = ? AND start >= ? AND start < ?
      AND key ${keysIn(c.other.keys)} GROUP BY key`;
    for (const [key, ...values] of prepared(db, sql)
      .raw()
      .all(c.dim, ...c.keys, c.other.dim, months.from, months.to, ...c.other.keys) as [string, ...number[]][])
      for (const d of dims) add(d, d === 'all' ? '' : key, values);
    return;
  }
  const sql = `SELECT dim, key, ${SUMS()} FROM kpi_cross_totals WHERE filter_dim = ? AND filter_key ${keysIn(c.keys)} AND dim ${keysIn(dims)}
    AND start >= ? AND start < ? GROUP BY dim, key`;
  for (const [dim, key, ...values] of prepared(db, sql)
    .raw()
    .all(c.dim, ...c.keys, ...dims, months.from, months.to) as [D, string, ...number[]][])
    add(dim, key, values);
}

/** Adds the crossed clocks of whole months per département (of the other filter's only, when set). */
export function addCrossClocks(db: Db, c: Crossing, months: Period, into: (dep: string) => ClockRuns): void {
  const deps = c.other?.keys ?? null;
  if (deps?.length === 0) return;
  const only = deps ? ` AND departement IN (${deps.map(() => '?').join(',')})` : '';
  const sql = `SELECT departement, lists, ${VERDICT_COLUMNS.join(', ')} FROM kpi_cross_clocks WHERE filter_dim = ? AND filter_key = ? AND start >= ? AND start < ?${only}`;
  addClockRows(
    into,
    prepared(db, sql)
      .raw()
      .all(c.dim, c.keys[0], months.from, months.to, ...(deps ?? [])),
  );
}

/** Rewrites a month's crossed totals and clocks from its stored days of leads: one pass over them per crossed filter (pair), for all its values. */
export function rebuildCrossMonth(db: Db, month: number): void {
  prepared(db, 'DELETE FROM kpi_cross_totals WHERE start = ?').run(month);
  prepared(db, 'DELETE FROM kpi_cross_clocks WHERE start = ?').run(month);
  const read = readStoredDays(db, spanPeriod('month', month), true, {});
  const totals: unknown[][] = [];
  const clocks: unknown[][] = [];
  // '' is no temperature or département: no filter asks for it.
  for (const by of CROSSED) {
    const dim = by.join('+');
    sumDays(read, DIMENSION_NAMES, (grouping, byKey, values, key) => key !== '' && totals.push([month, dim, key, grouping, byKey, ...values]), by);
    if (dim === 'departement') continue;
    const perKey = new Map<string, ReturnType<typeof clocksMap>>();
    clocksOfDays(
      read,
      (dep, key) => {
        let m = perKey.get(key);
        if (!m) perKey.set(key, (m = clocksMap()));
        return m.into(dep);
      },
      by,
    );
    for (const [key, { map }] of perKey) if (key !== '') for (const [dep, c] of map) clocks.push([month, dim, key, dep, encodeLists(c), ...VERDICTS.map((v) => c[v])]);
  }
  insertRows(db, 'kpi_cross_totals', `start, filter_dim, filter_key, dim, key, ${MEASURE_NAMES.join(', ')}`, totals);
  insertRows(db, 'kpi_cross_clocks', `start, filter_dim, filter_key, departement, lists, ${VERDICT_COLUMNS.join(', ')}`, clocks);
}
