/**
 * Response clocks of the dispatched leads, in business hours, per département: the durations
 * to accept, contact and quote (for medians and histograms) and the SLA verdicts. Clocks follow
 * core/sla/targets: "accept" runs from the dispatch that was accepted, "contact" and "quote"
 * from the acceptance.
 * A clock still running is not a verdict yet; it becomes "missed" once its time runs out. So
 * instead of judging against "now", each running clock is kept as the instant it runs out
 * (`acceptDue`, `contactDue`) and `settle` counts those past "now". That makes a day's clocks
 * independent of when they were computed, so rollup.ts can keep them per day.
 */
import { HOUR_MS } from '../sla/calendar';
import type { SlaTargets } from '../sla/targets';
import { businessClock, type BusinessClock } from './business';
import { dayStartFunction, splitDays } from './days';
import type { Period } from './period';
import { usesRollup, where, type Scope } from './scope';

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

export function emptyClocks(): Clocks {
  return { accept: [], contact: [], quote: [], acceptMet: 0, acceptMissed: 0, contactMet: 0, contactMissed: 0, acceptDue: [], contactDue: [] };
}

export function mergeClocks(into: Clocks, from: Clocks): void {
  // A loop, not push(...list): a year of durations would overflow the argument stack.
  for (const list of DURATION_LISTS) for (const v of from[list]) into[list].push(v);
  for (const verdict of VERDICTS) into[verdict] += from[verdict];
}

/** The verdicts as of `now`: running clocks whose time ran out count as missed. */
export function settle(c: Clocks, now: number) {
  const due = (list: number[]) => list.reduce((n, t) => n + (t <= now ? 1 : 0), 0);
  return {
    accept: { met: c.acceptMet, missed: c.acceptMissed + due(c.acceptDue) },
    contact: { met: c.contactMet, missed: c.contactMissed + due(c.contactDue) },
  };
}

type Row = [day: number, departement: string, temperature: string | null, owner: number | null, dispatchedAt: number, acceptStart: number | null, acceptedAt: number | null, contactedAt: number | null, quotedAt: number | null];

/** Business ms from `start` until a clock allowed `hours` is over (strictly more used). */
function dueAt(clock: BusinessClock, start: number, hours: number): number {
  return clock.after(start, Math.floor(hours * HOUR_MS) + 1);
}

function addLead(c: Clocks, row: Row, clock: BusinessClock, targets: SlaTargets): void {
  const [, , temperature, owner, dispatchedAt, acceptStart, acceptedAt, contactedAt, quotedAt] = row;
  const target = targets[(temperature ?? 'warm') as 'hot' | 'warm' | 'cold'];
  if (acceptedAt !== null) {
    const accept = clock.between(acceptStart ?? dispatchedAt, acceptedAt);
    c.accept.push(accept);
    if (accept <= target.accept * HOUR_MS) c.acceptMet++;
    else c.acceptMissed++;
    if (contactedAt !== null) {
      const contact = clock.between(acceptedAt, contactedAt);
      c.contact.push(contact);
      if (contact <= target.contact * HOUR_MS) c.contactMet++;
      else c.contactMissed++;
    } else c.contactDue.push(dueAt(clock, acceptedAt, target.contact));
    if (quotedAt !== null) c.quote.push(clock.between(acceptedAt, quotedAt));
  } else if (owner !== null) {
    // Assigned, never accepted: missed once past its deadline, pending before.
    c.acceptDue.push(dueAt(clock, dispatchedAt, target.accept));
  }
}

/**
 * The clocks of the filtered dispatched leads received in `period`, per département ('' for
 * none), and per Paris day when `byDay` (keyed by the day's first instant; else all under 0).
 */
export function factClocks(scope: Scope, period: Period, clock: BusinessClock, byDay = false): Map<number, Map<string, Clocks>> {
  const out = new Map<number, Map<string, Clocks>>();
  if (period.to <= period.from) return out;
  if (byDay) dayStartFunction(scope.db);
  const w = where(scope, { period, extra: 'f.dispatched_at IS NOT NULL' });
  const rows = scope.db
    .prepare(`SELECT ${byDay ? 'day_start(f.received_at)' : '0'}, coalesce(f.departement, ''), f.temperature, f.owner_member_id, f.dispatched_at, f.accept_started_at, f.accepted_at, f.contacted_at, f.quoted_at ${w.sql}`)
    .raw()
    .all(...w.params) as Row[];
  for (const row of rows) {
    let day = out.get(row[0]);
    if (!day) out.set(row[0], (day = new Map()));
    let c = day.get(row[1]);
    if (!c) day.set(row[1], (c = emptyClocks()));
    addLead(c, row, clock, scope.targets);
  }
  return out;
}

const COLUMNS = { accept: 'accept', contact: 'contact', quote: 'quote', acceptDue: 'accept_due', contactDue: 'contact_due', acceptMet: 'accept_met', acceptMissed: 'accept_missed', contactMet: 'contact_met', contactMissed: 'contact_missed' } as const;
/** kpi_day_clocks' columns in the order of DURATION_LISTS then VERDICTS. */
export const CLOCK_COLUMNS = [...DURATION_LISTS, ...VERDICTS].map((k) => COLUMNS[k]);

/** A list of instants or durations as a blob of float64 (null when empty). */
export function encodeList(list: number[]): Buffer | null {
  return list.length ? Buffer.from(Float64Array.from(list).buffer) : null;
}

function decodeInto(into: number[], blob: Buffer | null): void {
  if (!blob) return;
  for (let i = 0; i + 8 <= blob.length; i += 8) into.push(blob.readDoubleLE(i));
}

/**
 * The clocks of the filtered leads received in `period` per département: the whole Paris days
 * from the per-day clocks (see rollup.ts) when the scope allows it, the rest from the facts.
 */
export function clocksByDepartement(scope: Scope, period: Period = scope.period): Map<string, Clocks> {
  const clock = businessClock(period.from, Math.max(scope.now, period.to), scope.cal);
  if (!usesRollup(scope)) return factClocks(scope, period, clock).get(0) ?? new Map();
  const { days, edges } = splitDays(period);
  const out = new Map<string, Clocks>();
  const into = (dep: string) => {
    let c = out.get(dep);
    if (!c) out.set(dep, (c = emptyClocks()));
    return c;
  };
  if (days) {
    const rows = scope.db.prepare(`SELECT departement, ${CLOCK_COLUMNS.join(', ')} FROM kpi_day_clocks WHERE day >= ? AND day < ?`).raw().all(days.from, days.to) as unknown[][];
    for (const row of rows) {
      const c = into(row[0] as string);
      DURATION_LISTS.forEach((list, i) => decodeInto(c[list], row[1 + i] as Buffer | null));
      VERDICTS.forEach((verdict, i) => (c[verdict] += row[1 + DURATION_LISTS.length + i] as number));
    }
  }
  for (const edge of edges) for (const [dep, c] of factClocks(scope, edge, clock).get(0) ?? []) mergeClocks(into(dep), c);
  return out;
}

/** All départements' clocks together. */
export function allClocks(byDepartement: Map<string, Clocks>): Clocks {
  const all = emptyClocks();
  for (const c of byDepartement.values()) mergeClocks(all, c);
  return all;
}
