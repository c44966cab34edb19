/**
 * The figures of each Paris month crossed by source and by temperature (migration 0033): for each
 * value of the one filter, its totals grouped by every dimension and its response clocks per
 * département, rebuilt from the month's stored days of leads (day-leads.ts) with the month's other
 * totals (rollup.ts). A view filtered by a source or a temperature reads its whole months here:
 * alone, grouped by anything; with a set of départements (a département, a region) or with the
 * other of the two, for what that filter's grouping answers (its keys' rows). Its other days come
 * from the days of leads, the partial days at the ends from the facts, as for any filtered view.
 */
import { prepared, type Db } from '../db/connection';
import { insertRows } from '../db/insert-rows';
import { addClockRows, clocksMap, encodeLists, VERDICT_COLUMNS, VERDICTS, type ClockRuns } from './clocks';
import { clocksOfDays, readStoredDays, sumDays } from './day-leads';
import { spanPeriod } from './days';
import type { Period } from './period';
import { activeFilters, usesRollup, type Scope } from './scope';
import { DIMENSION_NAMES, MEASURE_NAMES, type Dimension } from './totals';

/** The filters whose values the months are crossed by. */
const CROSSED = ['source', 'temperature'] as const;
type Crossed = (typeof CROSSED)[number];

/** A view the crossed months answer: the value of a crossed filter and, when set, the one other filter (its grouping and keys). */
export interface Crossing {
  dim: Crossed;
  key: string;
  other: { dim: 'departement' | Crossed; keys: string[] } | null;
}

const isCrossed = (dim: string): dim is Crossed => (CROSSED as readonly string[]).includes(dim);

/**
 * The crossing of a view reading stored figures, or null: one source or temperature, with at most
 * départements (a département, a region: their intersection when both) or the other crossed filter
 * besides; no member.
 */
export function crossing(scope: Scope): Crossing | null {
  if (!usesRollup(scope)) return null;
  const active = activeFilters(scope.filters);
  const crossed = active.filter((f) => isCrossed(f.dim));
  const deps = active.filter((f) => f.dim === 'departement');
  if (crossed.length === 0 || crossed.length + deps.length < active.length || (crossed.length === 2 && deps.length)) return null;
  const [first, second] = crossed;
  const depKeys = deps.length ? deps.map((f) => f.keys.map(String)).reduce((a, b) => a.filter((k) => b.includes(k))) : null;
  const other = second ? { dim: second.dim as Crossed, keys: second.keys.map(String) } : depKeys ? { dim: 'departement' as const, keys: depKeys } : null;
  return { dim: first!.dim as Crossed, key: String(first!.keys[0]), other };
}

/** Whether the crossed months hold totals grouped by `dims` for a crossing: any grouping alone, only its other filter's (or none) with one. */
export function crossesTotals(c: Crossing | null, dims: readonly Dimension[]): c is Crossing {
  return c !== null && dims.every((d) => !c.other || d === 'all' || d === c.other.dim);
}

/** Whether they hold its clocks per département: alone or with départements. */
export function crossesClocks(c: Crossing | null): c is Crossing {
  return c !== null && (!c.other || c.other.dim === 'departement');
}

const SUMS = () => MEASURE_NAMES.map((m) => `sum(${m})`).join(', ');

/**
 * Adds the crossed totals of whole months, per grouping and key, through `add` (the measures in
 * MEASURE_NAMES order). With another filter, its grouping's rows of its keys: per key to that
 * grouping, all together to 'all'.
 */
export function addCrossTotals<D extends Dimension>(db: Db, c: Crossing, dims: readonly D[], months: Period, add: (dim: D, key: string, values: number[]) => void): void {
  if (c.other) {
    if (c.other.keys.length === 0) return;
    const sql = `SELECT key, ${SUMS()} FROM kpi_cross_totals WHERE filter_dim = ? AND filter_key = ? AND dim = ? AND start >= ? AND start < ?
      AND key IN (${c.other.keys.map(() => '?').join(',')}) GROUP BY key`;
    for (const [key, ...values] of prepared(db, sql)
      .raw()
      .all(c.dim, c.key, c.other.dim, months.from, months.to, ...c.other.keys) as [string, ...number[]][])
      for (const d of dims) add(d, d === 'all' ? '' : key, values);
    return;
  }
  const sql = `SELECT dim, key, ${SUMS()} FROM kpi_cross_totals WHERE filter_dim = ? AND filter_key = ? AND dim IN (${dims.map(() => '?').join(',')}) AND start >= ? AND start < ? GROUP BY dim, key`;
  for (const [dim, key, ...values] of prepared(db, sql)
    .raw()
    .all(c.dim, c.key, ...dims, months.from, months.to) as [D, string, ...number[]][])
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
      .all(c.dim, c.key, months.from, months.to, ...(deps ?? [])),
  );
}

/** Rewrites a month's crossed totals and clocks from its stored days of leads: one pass over them per crossed filter, for all its values. */
export function rebuildCrossMonth(db: Db, month: number): void {
  prepared(db, 'DELETE FROM kpi_cross_totals WHERE start = ?').run(month);
  prepared(db, 'DELETE FROM kpi_cross_clocks WHERE start = ?').run(month);
  const read = readStoredDays(db, spanPeriod('month', month), true, {});
  const totals: unknown[][] = [];
  const clocks: unknown[][] = [];
  // '' is no temperature: no filter asks for it.
  for (const dim of CROSSED) {
    sumDays(read, DIMENSION_NAMES, (by, byKey, values, key) => key !== '' && totals.push([month, dim, key, by, byKey, ...values]), dim);
    const perKey = new Map<string, ReturnType<typeof clocksMap>>();
    clocksOfDays(
      read,
      (dep, key) => {
        let m = perKey.get(key);
        if (!m) perKey.set(key, (m = clocksMap()));
        return m.into(dep);
      },
      dim,
    );
    for (const [key, { map }] of perKey) if (key !== '') for (const [dep, c] of map) clocks.push([month, dim, key, dep, encodeLists(c), ...VERDICTS.map((v) => c[v])]);
  }
  insertRows(db, 'kpi_cross_totals', `start, filter_dim, filter_key, dim, key, ${MEASURE_NAMES.join(', ')}`, totals);
  insertRows(db, 'kpi_cross_clocks', `start, filter_dim, filter_key, departement, lists, ${VERDICT_COLUMNS.join(', ')}`, clocks);
}
