/**
 * The additive figures of the dashboard: counts and sums over the filtered leads of a period,
 * grouped by one or more dimensions. Every section that only adds things up (volume, breakdown,
 * funnel, conversion, white zones, ageing) reads them here:
 * - lead_facts alone when the scope asks for the facts (`fromFacts`: the reference of the tests
 *   and the bench);
 * - otherwise what rollup.ts stores for the whole Paris months and days of the period (the
 *   network's totals; a filter's own totals; each day's leads for a filtered grouping), plus
 *   lead_facts for the partial days at either end.
 * All of it is counted by the same conditions (MEASURES below), so the paths cannot disagree.
 */
import { prepared } from '../db/connection';
import { addCrossTotals, crossedRuns, crossesTotals, crossing } from './cross';
import { addDayTotals, dayCounts } from './day-leads';
import { dayStart, HOUR_MS, monthStart, spanPeriod, splitDays, splitPeriod } from './days';
import type { Period } from './period';
import { activeFilters, departementsOnly, filtered, narrow, usesRollup, where, type ActiveFilter, type Scope } from './scope';

/**
 * Each measure as an SQL aggregate over lead_facts AS f. A step counts when it or a later one
 * happened. Conditions are counted (count of a non-null value), never summed: PostgreSQL has no
 * sum over booleans.
 */
export const MEASURES = {
  received: 'count(*)',
  qualified: 'count(coalesce(f.qualified_at, f.dispatched_at, f.accepted_at, f.contacted_at, f.quoted_at, f.won_at, f.lost_at))',
  dispatched: 'count(coalesce(f.dispatched_at, f.accepted_at, f.contacted_at, f.quoted_at, f.won_at, f.lost_at))',
  accepted: 'count(coalesce(f.accepted_at, f.contacted_at, f.quoted_at, f.won_at, f.lost_at))',
  contacted: 'count(coalesce(f.contacted_at, f.quoted_at, f.won_at))',
  quoted: 'count(coalesce(f.quoted_at, f.won_at))',
  won: 'count(f.won_at)',
  treated: 'count(coalesce(f.contacted_at, f.quoted_at, f.won_at, f.lost_at))',
  revenueCents: 'coalesce(sum(f.won_cents), 0)',
  whiteZone: 'sum(f.white_zone)',
  /** Not treated yet (no contact, no outcome): the ageing section. */
  untreated: `count(CASE WHEN f.status IN ('new','qualified','dispatched','accepted','declined') THEN 1 END)`,
} as const;

export type Measure = keyof typeof MEASURES;
export type Totals = Record<Measure, number>;
export const MEASURE_NAMES = Object.keys(MEASURES) as Measure[];

/**
 * What the totals can be grouped by, as a text key; '' is "none" (no member, no département).
 * The unary + (and coalesce) keep SQLite from walking a whole (column, received_at) index to
 * group: reading the period's range and then grouping is far cheaper. PostgreSQL has no + on
 * text (and its planner needs no such hint): factTotals leaves the + out there.
 */
const DIMENSIONS = {
  all: `''`,
  source: '+f.source',
  channel: '+f.channel',
  campaign: '+f.campaign',
  product: '+f.product',
  temperature: `coalesce(f.temperature, '')`,
  member: `coalesce(CAST(f.owner_member_id AS TEXT), '')`,
  departement: `coalesce(f.departement, '')`,
} as const;

export type Dimension = keyof typeof DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

type Grouped<D extends Dimension> = Record<D, Map<string, Totals>>;

function zeroTotals(): Totals {
  return Object.fromEntries(MEASURE_NAMES.map((m) => [m, 0])) as Totals;
}

/** Adds values to a key's totals (`sign` -1: takes them off). */
function add(map: Map<string, Totals>, key: string, values: ArrayLike<number>, offset: number, sign = 1): void {
  let t = map.get(key);
  if (!t) map.set(key, (t = zeroTotals()));
  for (let i = 0; i < MEASURE_NAMES.length; i++) t[MEASURE_NAMES[i]!] += sign * (values[offset + i] ?? 0);
}

const SELECT_MEASURES = MEASURE_NAMES.map((m) => `coalesce(${MEASURES[m]}, 0)`).join(', ');

/**
 * Totals straight from lead_facts, grouped by the dimensions together in one pass (each extra
 * GROUP BY would be another scan of the period) and folded per dimension here.
 */
export function factTotals<D extends Dimension>(scope: Scope, dims: readonly D[], period: Period): Grouped<D> {
  const out = Object.fromEntries(dims.map((d) => [d, new Map<string, Totals>()])) as Grouped<D>;
  if (period.to <= period.from) return out;
  const w = where(scope, { period });
  const keys = dims.map((d) => (scope.db.engine === 'sqlite' ? DIMENSIONS[d] : DIMENSIONS[d].replace(/^\+/, '')));
  const sql = `SELECT ${keys.join(', ')}, ${SELECT_MEASURES} ${w.sql} GROUP BY ${keys.map((_, i) => i + 1).join(', ')}`;
  for (const row of prepared(scope.db, sql)
    .raw()
    .all(...w.params) as (string | number)[][]) {
    dims.forEach((d, i) => add(out[d], String(row[i]), row as number[], dims.length));
  }
  return out;
}

/**
 * Adds the stored totals of whole days or months, grouped by dimension and key (`sign` -1: takes
 * them off). With `only`, the totals of the leads of one filter (its grouping's rows for its
 * keys), as grouping 'all'.
 */
function addStored<D extends Dimension>(scope: Scope, out: Grouped<D>, span: 'day' | 'month', p: Period, only?: ActiveFilter, sign = 1): void {
  const sums = MEASURE_NAMES.map((m) => `sum(${m})`).join(', ');
  if (only) {
    if (only.keys.length === 0) return;
    const sql = `SELECT ${sums} FROM kpi_totals WHERE span = ? AND dim = ? AND key IN (${only.keys.map(() => '?').join(',')}) AND start >= ? AND start < ?`;
    const row = prepared(scope.db, sql)
      .raw()
      .get(span, only.dim, ...only.keys.map(String), p.from, p.to) as (number | null)[];
    // No stored row: sums of nothing are null, and the facts give no group either.
    if (row[0] !== null) add((out as Grouped<'all'>).all, '', row as number[], 0, sign);
    return;
  }
  const dims = Object.keys(out) as D[];
  const sql = `SELECT dim, key, ${sums} FROM kpi_totals
    WHERE span = ? AND dim IN (${dims.map(() => '?').join(',')}) AND start >= ? AND start < ? GROUP BY dim, key`;
  for (const row of prepared(scope.db, sql)
    .raw()
    .all(span, ...dims, p.from, p.to) as (string | number)[][])
    add(out[row[0] as D], row[1] as string, row as number[], 2, sign);
}

/**
 * Adds the stored totals of a run of whole days within one month: when the month's other days
 * are fewer (the current month up to today), as the month's totals less those days' (integers:
 * exact), the keys left with no lead dropped. A year to now reads 8 days of rows instead of 29
 * (its member rows are 400 a day).
 */
function addStoredDays<D extends Dimension>(scope: Scope, out: Grouped<D>, run: Period, only?: ActiveFilter): void {
  const month = spanPeriod('month', monthStart(run.from));
  const rest = [
    { from: month.from, to: run.from },
    { from: run.to, to: month.to },
  ].filter((p) => p.to > p.from);
  if (run.to > month.to || rest.reduce((n, p) => n + p.to - p.from, 0) >= run.to - run.from) return addStored(scope, out, 'day', run, only);
  addStored(scope, out, 'month', month, only);
  for (const p of rest) addStored(scope, out, 'day', p, only, -1);
  for (const map of Object.values<Map<string, Totals>>(out)) for (const [key, t] of map) if (t.received === 0) map.delete(key);
}

/** Adds the stored totals of whole days or months of some départements, per département and all together. */
function addDepartements<D extends Dimension>(scope: Scope, out: Grouped<D>, span: 'day' | 'month', p: Period, deps: string[]): void {
  if (deps.length === 0) return;
  const sums = MEASURE_NAMES.map((m) => `sum(${m})`).join(', ');
  const sql = `SELECT key, ${sums} FROM kpi_totals WHERE span = ? AND dim = 'departement' AND key IN (${deps.map(() => '?').join(',')}) AND start >= ? AND start < ? GROUP BY key`;
  const grouped = out as Partial<Grouped<'all' | 'departement'>>;
  for (const row of prepared(scope.db, sql)
    .raw()
    .all(span, ...deps, p.from, p.to) as (string | number)[][]) {
    if (grouped.departement) add(grouped.departement, row[0] as string, row as number[], 1);
    if (grouped.all) add(grouped.all, '', row as number[], 1);
  }
}

/**
 * Totals of the filtered leads received in `period`, grouped by each of `dims`: the whole months
 * and days from the stored totals (of the network, or of the one filter set when no grouping is
 * asked), the whole days of a filtered grouping from the day's leads (day-leads.ts), the partial
 * days at the ends from the facts.
 */
export function totals<D extends Dimension>(scope: Scope, dims: readonly D[], period: Period = scope.period): Grouped<D> {
  if (!usesRollup(scope)) return factTotals(scope, dims, period);
  const out = Object.fromEntries(dims.map((d) => [d, new Map<string, Totals>()])) as Grouped<D>;
  const active = activeFilters(scope.filters);
  // One filter and no grouping: that filter's own stored totals (a grouping of the network's).
  const only = active.length === 1 && dims.length === 1 && dims[0] === 'all' ? active[0] : undefined;
  // Départements or a region, grouped by département or not at all: the network's stored totals of those départements.
  const deps = !only && dims.every((d) => d === 'all' || d === 'departement') ? departementsOnly(scope) : null;
  // Else a source, a temperature or départements (see crossing): their months' crossed totals.
  const cross = only || deps ? null : crossing(scope);
  if (active.length && !only && !deps && !crossesTotals(cross, dims) && narrow(scope)) return factTotals(scope, dims, period);
  let edges: Period[];
  if (crossesTotals(cross, dims)) {
    const split = splitPeriod(period);
    const months = crossedRuns(scope.db, split.months);
    for (const run of months.crossed) addCrossTotals(scope.db, cross, dims, run, (dim, key, values) => add(out[dim], key, values, 0));
    for (const run of [...months.days, ...split.days]) addDayTotals(scope, dims, run, (dim, key, values) => add(out[dim], key, values, 0));
    edges = split.edges;
  } else if (deps) {
    const split = splitPeriod(period);
    if (split.months) addDepartements(scope, out, 'month', split.months, deps);
    for (const run of split.days) addDepartements(scope, out, 'day', run, deps);
    edges = split.edges;
  } else if (active.length && !only) {
    const split = splitDays(period);
    if (split.days) addDayTotals(scope, dims, split.days, (dim, key, values) => add(out[dim], key, values, 0));
    edges = split.edges;
  } else {
    const split = splitPeriod(period);
    if (split.months) addStored(scope, out, 'month', split.months, only);
    for (const run of split.days) addStoredDays(scope, out, run, only);
    edges = split.edges;
  }
  for (const edge of edges) {
    const part = factTotals(scope, dims, edge);
    for (const d of dims)
      for (const [key, t] of part[d])
        add(
          out[d],
          key,
          MEASURE_NAMES.map((m) => t[m]),
          0,
        );
  }
  return out;
}

/** The totals of all the filtered leads of a period (no grouping). */
export function overall(scope: Scope, period: Period = scope.period): Totals {
  return totals(scope, ['all'], period).all.get('') ?? zeroTotals();
}

/** The filtered leads received in a period: its days' counts (cheaper than every measure of overall for a pair of filters). */
export function received(scope: Scope, period: Period): number {
  // A pair of filters the crossed months answer: their totals rather than a count of every day's leads.
  if (activeFilters(scope.filters).length > 1 && crossesTotals(crossing(scope), ['all'])) return overall(scope, period).received;
  let n = 0;
  for (const count of receivedByDay(scope, period).values()) n += count;
  return n;
}

/** Leads received per Paris day (keyed by the day's first instant; a partial day under its own). */
export function receivedByDay(scope: Scope, period: Period = scope.period): Map<number, number> {
  const out = new Map<number, number>();
  // Per UTC hour in SQL, folded into Paris days here (a UTC hour lies in one Paris day).
  const addHours = (p: Period) => {
    if (p.to <= p.from) return;
    const w = where(scope, { period: p });
    for (const [hour, n] of prepared(scope.db, `SELECT f.received_at / ${HOUR_MS}, count(*) ${w.sql} GROUP BY 1`)
      .raw()
      .all(...w.params) as [number, number][]) {
      const day = dayStart(hour * HOUR_MS);
      out.set(day, (out.get(day) ?? 0) + n);
    }
  };
  // Départements or a region alone: the network's stored day totals of those départements.
  const deps = usesRollup(scope) ? departementsOnly(scope) : null;
  if (!usesRollup(scope) || (!deps && narrow(scope))) {
    addHours(period);
    return out;
  }
  // A single source or temperature: its own stored day totals (a grouping of the network's).
  const active = activeFilters(scope.filters);
  const stored: ActiveFilter | undefined = deps ? { dim: 'departement', keys: deps } : active.length === 1 ? active[0] : undefined;
  const { days, edges } = splitDays(period);
  if (days && stored) {
    if (stored.keys.length) {
      const sql = `SELECT start, sum(received) FROM kpi_totals WHERE span = 'day' AND dim = ? AND key IN (${stored.keys.map(() => '?').join(',')}) AND start >= ? AND start < ? GROUP BY start`;
      for (const [day, n] of prepared(scope.db, sql)
        .raw()
        .all(stored.dim, ...stored.keys.map(String), days.from, days.to) as [number, number][])
        out.set(day, n);
    }
  } else if (days && filtered(scope)) dayCounts(scope, days, out);
  else if (days) {
    for (const [day, n] of prepared(scope.db, `SELECT start, received FROM kpi_totals WHERE span = 'day' AND dim = 'all' AND start >= ? AND start < ?`).raw().all(days.from, days.to) as [
      number,
      number,
    ][])
      out.set(day, n);
  }
  edges.forEach(addHours);
  return out;
}
