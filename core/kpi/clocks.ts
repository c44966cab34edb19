/**
 * Response clocks of the dispatched leads, in business hours, per département: the durations
 * to accept, contact and quote (for medians and histograms) and the SLA verdicts. Deadlines come
 * from common/sla.ts: "accept" runs from the dispatch that was accepted, "contact" and "quote"
 * from the acceptance; a step taken at its deadline is in time.
 * A clock still running is not a verdict yet; it becomes "missed" once its deadline passes. So
 * instead of judging against "now", each running clock is kept as its deadline (`acceptDue`,
 * `contactDue`) and `settle` counts those past "now". That makes a day's clocks
 * independent of when they were computed, so rollup.ts can keep them per day.
 * Clocks are gathered as lists (Clocks) and read as sorted runs (ClockRuns, runs.ts): the stored
 * lists are sorted when written, the facts' when read.
 */
import { prepared, type Db } from '../db/connection';
import type { Temperature } from '../../common/leads';
import { acceptanceDeadline, contactDeadline, type SlaSettings } from '../../common/sla';
import { businessClock, type BusinessClock } from './business';
import { addCrossClocks, crossedRuns, crossesClocks, crossing } from './cross';
import { addDayClocks } from './day-leads';
import { splitDays, splitPeriod } from './days';
import type { Period } from './period';
import { countWhile, mergeRuns, packLists, unpackLists, type Runs } from './runs';
import { departementsOnly, filtered, narrow, usesRollup, where, type Scope } from './scope';

export interface Clocks {
  accept: number[];
  contact: number[];
  quote: number[];
  acceptMet: number;
  acceptMissed: number;
  contactMet: number;
  contactMissed: number;
  acceptDue: number[];
  contactDue: number[];
}

export const DURATION_LISTS = ['accept', 'contact', 'quote', 'acceptDue', 'contactDue'] as const;
export const VERDICTS = ['acceptMet', 'acceptMissed', 'contactMet', 'contactMissed'] as const;
type ListName = (typeof DURATION_LISTS)[number];

/** The same clocks as sorted runs of each list. */
export type ClockRuns = Record<ListName, Runs> & Record<(typeof VERDICTS)[number], number>;

export function emptyClocks(): Clocks {
  return { accept: [], contact: [], quote: [], acceptMet: 0, acceptMissed: 0, contactMet: 0, contactMissed: 0, acceptDue: [], contactDue: [] };
}

function emptyRuns(): ClockRuns {
  return { accept: [], contact: [], quote: [], acceptMet: 0, acceptMissed: 0, contactMet: 0, contactMissed: 0, acceptDue: [], contactDue: [] };
}

/** Adds gathered clocks as one sorted run per list. */
function addClocks(into: ClockRuns, from: Clocks): void {
  for (const list of DURATION_LISTS) if (from[list].length) into[list].push(Float64Array.from(from[list]).sort());
  for (const verdict of VERDICTS) into[verdict] += from[verdict];
}

function addRuns(into: ClockRuns, from: ClockRuns): void {
  for (const list of DURATION_LISTS) for (const run of from[list]) into[list].push(run);
  for (const verdict of VERDICTS) into[verdict] += from[verdict];
}

/** The verdicts as of `now`: running clocks whose time ran out count as missed. */
export function settle(c: ClockRuns, now: number) {
  const due = (runs: Runs) => countWhile(runs, (t) => t < now);
  return {
    accept: { met: c.acceptMet, missed: c.acceptMissed + due(c.acceptDue) },
    contact: { met: c.contactMet, missed: c.contactMissed + due(c.contactDue) },
  };
}

export type ClockRow = [
  departement: string,
  temperature: string | null,
  owner: number | null,
  dispatchedAt: number,
  acceptStart: number | null,
  acceptedAt: number | null,
  contactedAt: number | null,
  quotedAt: number | null,
];

export function addLead(c: Clocks, row: ClockRow, clock: BusinessClock, sla: SlaSettings): void {
  const [, temp, owner, dispatchedAt, acceptStart, acceptedAt, contactedAt, quotedAt] = row;
  const temperature = temp as Temperature | null;
  if (acceptedAt !== null) {
    const start = acceptStart ?? dispatchedAt;
    c.accept.push(clock.between(start, acceptedAt));
    if (acceptedAt <= acceptanceDeadline({ temperature, dispatchedAt: start }, sla, clock)) c.acceptMet++;
    else c.acceptMissed++;
    const contactDue = contactDeadline({ temperature, acceptedAt }, sla, clock);
    if (contactedAt !== null) {
      c.contact.push(clock.between(acceptedAt, contactedAt));
      if (contactedAt <= contactDue) c.contactMet++;
      else c.contactMissed++;
    } else c.contactDue.push(contactDue);
    if (quotedAt !== null) c.quote.push(clock.between(acceptedAt, quotedAt));
  } else if (owner !== null) {
    // Assigned, never accepted: missed once past its deadline, pending before.
    c.acceptDue.push(acceptanceDeadline({ temperature, dispatchedAt }, sla, clock));
  }
}

/** The clocks of the filtered dispatched leads received in `period`, per département ('' for none). */
export function factClocks(scope: Scope, period: Period, clock: BusinessClock): Map<string, Clocks> {
  const out = new Map<string, Clocks>();
  if (period.to <= period.from) return out;
  const w = where(scope, { period, extra: 'f.dispatched_at IS NOT NULL' });
  const rows = prepared(scope.db, `SELECT coalesce(f.departement, ''), f.temperature, f.owner_member_id, f.dispatched_at, f.accept_started_at, f.accepted_at, f.contacted_at, f.quoted_at ${w.sql}`)
    .raw()
    .all(...w.params) as ClockRow[];
  const sla = { targets: scope.targets, calendar: scope.cal };
  for (const row of rows) {
    let c = out.get(row[0]);
    if (!c) out.set(row[0], (c = emptyClocks()));
    addLead(c, row, clock, sla);
  }
  return out;
}

/** kpi_clocks' verdict columns, in the order of VERDICTS. */
export const VERDICT_COLUMNS = ['accept_met', 'accept_missed', 'contact_met', 'contact_missed'] as const;

/** The five lists as one blob, each sorted (runs.ts's packLists). */
export function encodeLists(c: ClockRuns): Buffer {
  return packLists(DURATION_LISTS.map((name) => mergeRuns(c[name])));
}

function decodeListsInto(c: ClockRuns, blob: Buffer): void {
  unpackLists(blob, DURATION_LISTS.length).forEach((list, i) => {
    if (list.length) c[DURATION_LISTS[i]!].push(list);
  });
}

/** The département of a stored row of all départements' clocks together (rollup.ts writes one per day and month): no département's code. */
export const ALL_DEPARTEMENTS = '*';

/** Adds the stored clocks of whole days or months of a period, per département (of `deps` only, when given; ALL_DEPARTEMENTS names the rows of all together). */
export function addStoredClocks(db: Db, into: (dep: string) => ClockRuns, span: 'day' | 'month', p: Period, deps: string[] | null = null): void {
  if (deps?.length === 0) return;
  const only = deps ? ` AND departement IN (${deps.map(() => '?').join(',')})` : ` AND departement <> '${ALL_DEPARTEMENTS}'`;
  addClockRows(
    into,
    prepared(db, `SELECT departement, lists, ${VERDICT_COLUMNS.join(', ')} FROM kpi_clocks WHERE span = ? AND start >= ? AND start < ?${only}`)
      .raw()
      .all(span, p.from, p.to, ...(deps ?? [])),
  );
}

/** Adds stored rows of clocks (département, lists, then the verdict columns) to each département's. */
export function addClockRows(into: (dep: string) => ClockRuns, rows: unknown[]): void {
  for (const [dep, lists, ...verdicts] of rows as [string, Buffer, ...number[]][]) {
    const c = into(dep);
    decodeListsInto(c, lists);
    VERDICTS.forEach((verdict, i) => (c[verdict] += verdicts[i]!));
  }
}

/** A map of clocks per département that creates the missing ones. */
export function clocksMap(): { map: Map<string, ClockRuns>; into: (dep: string) => ClockRuns } {
  const map = new Map<string, ClockRuns>();
  return {
    map,
    into: (dep) => {
      let c = map.get(dep);
      if (!c) map.set(dep, (c = emptyRuns()));
      return c;
    },
  };
}

/** Gathered clocks per département as runs. */
export function asRuns(byDepartement: Map<string, Clocks>): Map<string, ClockRuns> {
  const { map, into } = clocksMap();
  for (const [dep, c] of byDepartement) addClocks(into(dep), c);
  return map;
}

const byScope = new WeakMap<Scope, Map<string, ClockRuns>>();

/**
 * The clocks of the filtered leads of the scope's period per département: the whole Paris
 * months and days from the stored clocks (see rollup.ts) when the scope allows it, the rest
 * from the facts. Kept per scope: the response section and the choropleth of one dashboard
 * both need them.
 */
export function clocksByDepartement(scope: Scope): Map<string, ClockRuns> {
  let result = byScope.get(scope);
  if (!result) byScope.set(scope, (result = readClocks(scope, scope.period)));
  return result;
}

/**
 * All départements' clocks of the scope's period together: the network's (no filter) from its
 * stored rows of all départements (some forty rows for a year, not one per département and day),
 * a filtered view's from its clocks per département.
 */
export function clocksOfAll(scope: Scope): ClockRuns {
  const known = byScope.get(scope);
  if (known || !usesRollup(scope) || filtered(scope)) return allClocks(known ?? clocksByDepartement(scope));
  const all = emptyRuns();
  const split = splitPeriod(scope.period);
  if (split.months) addStoredClocks(scope.db, () => all, 'month', split.months, [ALL_DEPARTEMENTS]);
  for (const run of split.days) addStoredClocks(scope.db, () => all, 'day', run, [ALL_DEPARTEMENTS]);
  for (const edge of split.edges) for (const c of factClocks(scope, edge, clockFor(scope, edge)).values()) addClocks(all, c);
  return all;
}

/** A clock per stretch of facts read: one for a whole year would build a table of every day between the two partial days at its ends. */
function clockFor(scope: Scope, p: Period): BusinessClock {
  return businessClock(p.from, Math.max(scope.now, p.to), scope.cal);
}

function readClocks(scope: Scope, period: Period): Map<string, ClockRuns> {
  if (!usesRollup(scope)) return asRuns(factClocks(scope, period, clockFor(scope, period)));
  const deps = departementsOnly(scope);
  const cross = crossing(scope);
  if (!deps && !crossesClocks(cross) && narrow(scope)) return asRuns(factClocks(scope, period, clockFor(scope, period)));
  const { map, into } = clocksMap();
  let edges: Period[];
  if (crossesClocks(cross)) {
    // A source or a temperature: its whole months crossed (cross.ts), its other whole days from their leads.
    const split = splitPeriod(period);
    const months = crossedRuns(scope.db, split.months);
    for (const run of months.crossed) addCrossClocks(scope.db, cross, run, into);
    for (const run of [...months.days, ...split.days]) addDayClocks(scope, run, into);
    edges = split.edges;
  } else if (filtered(scope) && !deps) {
    // The whole days from their leads' stored clocks (day-leads.ts), filtered there.
    const split = splitDays(period);
    if (split.days) addDayClocks(scope, split.days, into);
    edges = split.edges;
  } else {
    const split = splitPeriod(period);
    // The network's clocks per département, or those of the filter's départements.
    if (split.months) addStoredClocks(scope.db, into, 'month', split.months, deps);
    for (const run of split.days) addStoredClocks(scope.db, into, 'day', run, deps);
    edges = split.edges;
  }
  for (const edge of edges) for (const [dep, c] of factClocks(scope, edge, clockFor(scope, edge))) addClocks(into(dep), c);
  return map;
}

/** All départements' clocks together. */
export function allClocks(byDepartement: Map<string, ClockRuns>): ClockRuns {
  const all = emptyRuns();
  for (const c of byDepartement.values()) addRuns(all, c);
  return all;
}
