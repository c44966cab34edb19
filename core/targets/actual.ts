/**
 * Actual against target for the dashboard's period and filters. A target matches when its
 * geography and source are exactly the filters' (no département or region filter: the
 * network-wide targets; a département filter wins over a region filter), so targets at
 * different levels are never added together. A month counts for the share of its Paris days
 * inside the period: a target of 310 leads for October weighs 160 over 1-16 October.
 * Targets are not set per member or temperature: with those filters there is nothing to
 * compare with.
 */
import { daysOf, type Period } from '../kpi/period';
import type { Filters } from '../kpi/scope';
import type { Db } from '../db/connection';
import { targetsOf } from './store';

export interface Actuals {
  leads: number;
  qualified: number;
  conversion: number | null;
}

export interface Comparison {
  actual: number | null;
  /** Null when no matching target sets this figure. */
  target: number | null;
}

/** Share of each month's Paris days inside the period, e.g. { '2026-10': 16 / 31 }. */
export function monthShares(period: Period): Map<string, number> {
  const inPeriod = new Map<string, number>();
  for (const day of daysOf(period)) inPeriod.set(day.slice(0, 7), (inPeriod.get(day.slice(0, 7)) ?? 0) + 1);
  const shares = new Map<string, number>();
  for (const [month, days] of inPeriod) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    shares.set(month, days / new Date(Date.UTC(y, m, 0)).getUTCDate());
  }
  return shares;
}

export function actualVsTarget(db: Db, period: Period, filters: Filters, actual: Actuals) {
  const applicable = filters.memberId === undefined && filters.temperature === undefined;
  const shares = monthShares(period);
  const geography = filters.departement ? { region: null, departement: filters.departement } : { region: filters.region || null, departement: null };
  const rows = applicable ? targetsOf(db, [...shares.keys()], { ...geography, source: filters.source || null }) : [];
  const weighted = (figure: 'leads' | 'qualified') => {
    const set = rows.filter((r) => r[figure] !== null);
    return set.length ? set.reduce((s, r) => s + r[figure]! * shares.get(r.month)!, 0) : null;
  };
  // A rate does not add up: the months' rates averaged by their share of the period.
  const rates = rows.filter((r) => r.conversion !== null);
  const weight = rates.reduce((s, r) => s + shares.get(r.month)!, 0);
  return {
    applicable,
    months: rows.map((r) => ({ month: r.month, share: shares.get(r.month)! })),
    prorated: rows.some((r) => shares.get(r.month)! < 1),
    leads: { actual: actual.leads, target: weighted('leads') } satisfies Comparison,
    qualified: { actual: actual.qualified, target: weighted('qualified') } satisfies Comparison,
    conversion: { actual: actual.conversion, target: weight > 0 ? rates.reduce((s, r) => s + r.conversion! * shares.get(r.month)!, 0) / weight : null } satisfies Comparison,
  };
}
