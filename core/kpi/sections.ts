/**
 * The dashboard's additive sections, each a fold of the totals of totals.ts (from the per-day
 * totals or the facts, whichever the scope allows).
 */
import { daysOf, isoWeek, lastYear, previousPeriod } from './period';
import { parisMidnight } from '../../common/paris';
import { rate, type Scope } from './scope';
import { overall, received, receivedByDay, totals, type Dimension, type Totals } from './totals';

const DAY_MS = 86_400_000;

export interface Bucket {
  key: string;
  count: number;
}

/** Volume by Paris day, ISO week and month, with the variations. */
export function volume(scope: Scope) {
  const perDay = receivedByDay(scope);
  const byDay: Bucket[] = daysOf(scope.period).map((key) => {
    const [y, m, d] = key.split('-').map(Number) as [number, number, number];
    return { key, count: perDay.get(parisMidnight(y, m, d)) ?? 0 };
  });
  const fold = (keyOf: (day: string) => string): Bucket[] => {
    const map = new Map<string, number>();
    for (const b of byDay) map.set(keyOf(b.key), (map.get(keyOf(b.key)) ?? 0) + b.count);
    return [...map].map(([key, c]) => ({ key, count: c }));
  };
  const total = byDay.reduce((s, b) => s + b.count, 0);
  const before = previousPeriod(scope.period);
  const previous = received(scope, before);
  // Twelve months back are most often the previous period itself: counted once.
  const yearAgo = lastYear(scope.period);
  const yearBefore = yearAgo.from === before.from && yearAgo.to === before.to ? previous : received(scope, yearAgo);
  return {
    total,
    previous,
    lastYear: yearBefore,
    variation: previous > 0 ? (total - previous) / previous : null,
    variationLastYear: yearBefore > 0 ? (total - yearBefore) / yearBefore : null,
    byDay,
    byWeek: fold(isoWeek),
    byMonth: fold((d) => d.slice(0, 7)),
  };
}

/** The keys of a grouping by one measure, largest first, then by key. */
function ranked(map: Map<string, Totals>, measure: keyof Totals, opts: { limit: number; numericKeys?: boolean; skipNone?: boolean }): [string, Totals][] {
  const byKey = opts.numericKeys ? (a: string, b: string) => Number(a) - Number(b) : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...map]
    .filter(([key, t]) => t[measure] > 0 && !(opts.skipNone && key === ''))
    .sort((a, b) => b[1][measure] - a[1][measure] || byKey(a[0], b[0]))
    .slice(0, opts.limit);
}

const BREAKDOWN = ['source', 'channel', 'campaign', 'product', 'temperature'] as const satisfies Dimension[];

export function breakdown(scope: Scope): Record<(typeof BREAKDOWN)[number], Bucket[]> {
  const grouped = totals(scope, BREAKDOWN);
  const top = (dim: (typeof BREAKDOWN)[number], limit: number) => ranked(grouped[dim], 'received', { limit }).map(([key, t]) => ({ key, count: t.received }));
  return { source: top('source', 15), channel: top('channel', 15), campaign: top('campaign', 15), product: top('product', 15), temperature: top('temperature', 4) };
}

export const FUNNEL_STEPS = ['received', 'qualified', 'dispatched', 'accepted', 'contacted', 'quoted', 'won'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** A step counts as reached when it or any later step happened (a lead may skip one). */
export function funnel(scope: Scope) {
  const t = overall(scope);
  const steps = FUNNEL_STEPS.map((step, i) => ({ step, count: t[step], fromPrevious: i === 0 ? null : rate(t[step], t[FUNNEL_STEPS[i - 1]!]) }));
  return {
    steps,
    treated: t.treated,
    treatedRate: rate(t.treated, t.accepted),
    conversion: rate(t.won, t.received),
    revenueCents: t.revenueCents,
  };
}

export interface ConversionRow {
  key: string;
  label: string;
  received: number;
  won: number;
  revenueCents: number;
  conversion: number | null;
}

export function conversion(scope: Scope) {
  const grouped = totals(scope, ['member', 'source', 'departement']);
  const rows = (map: Map<string, Totals>, limit: number, { numericKeys = false, skipNone = numericKeys }: { numericKeys?: boolean; skipNone?: boolean } = {}): ConversionRow[] =>
    ranked(map, 'received', { limit, numericKeys, skipNone }).map(([key, t]) => ({
      key,
      label: key,
      received: t.received,
      won: t.won,
      revenueCents: t.revenueCents,
      conversion: rate(t.won, t.received),
    }));
  const byMember = rows(grouped.member, 25, { numericKeys: true });
  const names = new Map(
    byMember.length
      ? (scope.db
          .prepare(`SELECT id, name FROM members WHERE id IN (${byMember.map(() => '?').join(',')})`)
          .raw()
          .all(...byMember.map((r) => Number(r.key))) as [number, string][])
      : [],
  );
  return {
    byMember: byMember.map((r) => ({ ...r, label: names.get(Number(r.key)) ?? r.key })),
    bySource: rows(grouped.source, 25),
    byDepartement: rows(grouped.departement, 120, { skipNone: true }),
  };
}

export const AGE_BUCKETS = [
  { key: 'lt1d', maxDays: 1 },
  { key: '1to3d', maxDays: 3 },
  { key: '3to7d', maxDays: 7 },
  { key: '7to30d', maxDays: 30 },
  { key: 'gt30d', maxDays: Infinity },
] as const;

/** The last instant an instant may be, plus one: the open end of the youngest age bucket. */
const END_OF_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1;

/** Leads not treated yet (no contact, no outcome), by age now, whatever their reception date. */
export function ageing(scope: Scope) {
  // Bucket i holds the leads received in (now - maxDays, now - previous maxDays].
  const buckets = AGE_BUCKETS.map((b, i) => {
    const from = b.maxDays === Infinity ? 0 : Math.max(0, scope.now - b.maxDays * DAY_MS + 1);
    const to = i === 0 ? END_OF_TIME : Math.max(0, scope.now - AGE_BUCKETS[i - 1]!.maxDays * DAY_MS + 1);
    return { key: b.key, count: overall(scope, { from, to }).untreated };
  });
  return { buckets, total: buckets.reduce((s, b) => s + b.count, 0) };
}

export function whiteZones(scope: Scope) {
  const grouped = totals(scope, ['all', 'departement']);
  const byDepartement = ranked(grouped.departement, 'whiteZone', { limit: 20 }).map(([key, t]) => ({ key, count: t.whiteZone }));
  return { total: grouped.all.get('')?.whiteZone ?? 0, byDepartement };
}
