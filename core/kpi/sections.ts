/** The dashboard's sections, one SQL query (or two) each over the filtered lead_facts. */
import { daysOf, isoWeek, lastYear, parisMidnight, previousPeriod, type Period } from './period';
import { rate, where, type Param, type Scope } from './scope';

const DAY_MS = 86_400_000;

function count(scope: Scope, period: Period): number {
  const w = where(scope, { period });
  return (scope.db.prepare(`SELECT count(*) AS n ${w.sql}`).get(...w.params) as { n: number }).n;
}

export interface Bucket {
  key: string;
  count: number;
}

/** Volume by Paris day, ISO week and month, with the variations. */
export function volume(scope: Scope) {
  const w = where(scope);
  // A UTC hour lies in a single Paris day (the offsets are whole hours): group by hour in SQL,
  // then fold hours into Paris days.
  const hours = scope.db.prepare(`SELECT f.received_at / 3600000 AS h, count(*) AS n ${w.sql} GROUP BY h ORDER BY h`).raw().all(...w.params) as [number, number][];
  const days = daysOf(scope.period);
  const byDay: Bucket[] = days.map((key) => ({ key, count: 0 }));
  const starts = days.map((d) => {
    const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
    return parisMidnight(y, m, dd);
  });
  let i = 0;
  for (const [h, n] of hours) {
    const t = h * 3_600_000;
    while (i + 1 < starts.length && starts[i + 1]! <= t) i++;
    if (byDay[i]) byDay[i]!.count += n;
  }
  const fold = (keyOf: (day: string) => string): Bucket[] => {
    const map = new Map<string, number>();
    for (const b of byDay) map.set(keyOf(b.key), (map.get(keyOf(b.key)) ?? 0) + b.count);
    return [...map].map(([key, c]) => ({ key, count: c }));
  };
  const total = byDay.reduce((s, b) => s + b.count, 0);
  const previous = count(scope, previousPeriod(scope.period));
  const yearBefore = count(scope, lastYear(scope.period));
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

const BREAKDOWN = ['source', 'channel', 'campaign', 'product', 'temperature'] as const;

/** One pass grouped by all five columns, folded per column here (five GROUP BYs cost five scans). */
export function breakdown(scope: Scope): Record<(typeof BREAKDOWN)[number], Bucket[]> {
  const w = where(scope);
  const rows = scope.db.prepare(`SELECT f.source, f.channel, f.campaign, f.product, coalesce(f.temperature, ''), count(*) ${w.sql} GROUP BY 1, 2, 3, 4, 5`).raw().all(...w.params) as [string, string, string, string, string, number][];
  const maps = BREAKDOWN.map(() => new Map<string, number>());
  for (const row of rows) {
    const n = row[5];
    for (let i = 0; i < BREAKDOWN.length; i++) maps[i]!.set(row[i] as string, (maps[i]!.get(row[i] as string) ?? 0) + n);
  }
  const top = (m: Map<string, number>, limit: number) =>
    [...m].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(0, limit);
  return { source: top(maps[0]!, 15), channel: top(maps[1]!, 15), campaign: top(maps[2]!, 15), product: top(maps[3]!, 15), temperature: top(maps[4]!, 4) };
}

export const FUNNEL_STEPS = ['received', 'qualified', 'dispatched', 'accepted', 'contacted', 'quoted', 'won'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** A step counts as reached when it or any later step happened (a lead may skip one). */
export function funnel(scope: Scope) {
  const w = where(scope);
  const row = scope.db
    .prepare(
      `SELECT count(*) AS received,
        coalesce(sum(coalesce(f.qualified_at, f.dispatched_at, f.accepted_at, f.contacted_at, f.quoted_at, f.won_at, f.lost_at) IS NOT NULL), 0) AS qualified,
        coalesce(sum(coalesce(f.dispatched_at, f.accepted_at, f.contacted_at, f.quoted_at, f.won_at, f.lost_at) IS NOT NULL), 0) AS dispatched,
        coalesce(sum(coalesce(f.accepted_at, f.contacted_at, f.quoted_at, f.won_at, f.lost_at) IS NOT NULL), 0) AS accepted,
        coalesce(sum(coalesce(f.contacted_at, f.quoted_at, f.won_at) IS NOT NULL), 0) AS contacted,
        coalesce(sum(coalesce(f.quoted_at, f.won_at) IS NOT NULL), 0) AS quoted,
        coalesce(sum(f.won_at IS NOT NULL), 0) AS won,
        coalesce(sum(coalesce(f.contacted_at, f.quoted_at, f.won_at, f.lost_at) IS NOT NULL), 0) AS treated,
        coalesce(sum(f.won_cents), 0) AS revenueCents
       ${w.sql}`,
    )
    .get(...w.params) as Record<FunnelStep | 'treated' | 'revenueCents', number>;
  const steps = FUNNEL_STEPS.map((step, i) => ({ step, count: row[step], fromPrevious: i === 0 ? null : rate(row[step], row[FUNNEL_STEPS[i - 1]!]) }));
  return {
    steps,
    treated: row.treated,
    treatedRate: rate(row.treated, row.accepted),
    conversion: rate(row.won, row.received),
    revenueCents: row.revenueCents,
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

function conversionBy(scope: Scope, column: string, limit = 25): ConversionRow[] {
  // The unary + keeps SQLite from walking the whole (column, received_at) index to group
  // (5 s over 1M leads): reading the period's range then sorting the groups is far cheaper.
  const w = where(scope, { extra: `+f.${column} IS NOT NULL` });
  const rows = scope.db
    .prepare(`SELECT f.${column} AS key, count(*) AS received, coalesce(sum(f.won_at IS NOT NULL), 0) AS won, coalesce(sum(f.won_cents), 0) AS revenueCents ${w.sql} GROUP BY +f.${column} ORDER BY received DESC, key LIMIT ${limit}`)
    .all(...w.params) as Omit<ConversionRow, 'conversion' | 'label'>[];
  return rows.map((r) => ({ ...r, key: String(r.key), label: String(r.key), conversion: rate(r.won, r.received) }));
}

export function conversion(scope: Scope) {
  const byMember = conversionBy(scope, 'owner_member_id');
  // Names after grouping: joining members row by row cost more than the grouping itself.
  const names = new Map(
    byMember.length ? (scope.db.prepare(`SELECT id, name FROM members WHERE id IN (${byMember.map(() => '?').join(',')})`).raw().all(...byMember.map((r) => Number(r.key))) as [number, string][]) : [],
  );
  return {
    byMember: byMember.map((r) => ({ ...r, label: names.get(Number(r.key)) ?? r.key })),
    bySource: conversionBy(scope, 'source'),
    byDepartement: conversionBy(scope, 'departement', 120),
  };
}

export const AGE_BUCKETS = [
  { key: 'lt1d', maxDays: 1 },
  { key: '1to3d', maxDays: 3 },
  { key: '3to7d', maxDays: 7 },
  { key: '7to30d', maxDays: 30 },
  { key: 'gt30d', maxDays: Infinity },
] as const;

/** Leads not treated yet (no contact, no outcome), by age now, whatever their reception date. */
export function ageing(scope: Scope) {
  const w = where(scope, { period: null, extra: `f.status IN ('new','qualified','dispatched','accepted','declined')` });
  const params: Param[] = [];
  const cols = AGE_BUCKETS.map((b, i) => {
    const lower = i === 0 ? null : scope.now - AGE_BUCKETS[i - 1]!.maxDays * DAY_MS;
    const upper = b.maxDays === Infinity ? null : scope.now - b.maxDays * DAY_MS;
    const conds = [upper !== null ? 'f.received_at > ?' : '', lower !== null ? 'f.received_at <= ?' : ''].filter(Boolean);
    if (upper !== null) params.push(upper);
    if (lower !== null) params.push(lower);
    return `coalesce(sum(${conds.join(' AND ') || '1'}), 0) AS "${b.key}"`;
  });
  const row = scope.db.prepare(`SELECT ${cols.join(', ')} ${w.sql}`).get(...params, ...w.params) as Record<string, number>;
  const buckets = AGE_BUCKETS.map((b) => ({ key: b.key, count: row[b.key] ?? 0 }));
  return { buckets, total: buckets.reduce((s, b) => s + b.count, 0) };
}

export function whiteZones(scope: Scope) {
  const w = where(scope, { extra: 'f.white_zone = 1' });
  const byDepartement = scope.db.prepare(`SELECT coalesce(f.departement, '') AS key, count(*) AS count ${w.sql} GROUP BY f.departement ORDER BY count DESC, key LIMIT 20`).all(...w.params) as Bucket[];
  const total = (scope.db.prepare(`SELECT count(*) AS n ${w.sql}`).get(...w.params) as { n: number }).n;
  return { total, byDepartement };
}
