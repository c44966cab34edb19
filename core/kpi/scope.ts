/**
 * The filtered set every dashboard section reads: a WHERE clause over lead_facts built from the
 * filters, with its parameters.
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import { TEMPERATURES } from '../leads/schema';
import type { BusinessHours } from '../../common/business-hours';
import type { SlaTargets } from '../../common/sla';
import { bound, type Period } from './period';
import { REGIONS } from './regions';

export const filtersSchema = z.object({
  departement: z.string().trim().max(3).optional(),
  memberId: z.number().int().positive().optional(),
  source: z.string().max(200).optional(),
  temperature: z.enum(TEMPERATURES).optional(),
  region: z.string().max(100).optional(),
});
export type Filters = z.output<typeof filtersSchema>;

export const dashboardInput = filtersSchema.extend({ from: bound, to: bound });
export type DashboardInput = z.output<typeof dashboardInput>;

export interface Scope {
  db: Db;
  period: Period;
  filters: Filters;
  now: number;
  targets: SlaTargets;
  cal: BusinessHours;
  /** Read the facts even where stored totals exist: the reference the tests and the bench compare with. */
  fromFacts?: boolean;
}

export type Param = string | number;

/** A filter that is set: the grouping it narrows (totals.ts's name) and the keys it accepts. */
export interface ActiveFilter {
  dim: 'departement' | 'member' | 'source' | 'temperature';
  keys: Param[];
}

/** lead_facts' column for each filtered grouping. */
const COLUMNS: Record<ActiveFilter['dim'], string> = { departement: 'departement', member: 'owner_member_id', source: 'source', temperature: 'temperature' };

/** The filters set, each on its own (a region: its départements; with a département too, both apply). */
export function activeFilters(f: Filters): ActiveFilter[] {
  const out: ActiveFilter[] = [];
  const one = (dim: ActiveFilter['dim'], value: Param | undefined) => {
    if (value !== undefined && value !== '') out.push({ dim, keys: [value] });
  };
  one('departement', f.departement);
  one('member', f.memberId);
  one('source', f.source);
  one('temperature', f.temperature);
  if (f.region) out.push({ dim: 'departement', keys: [...(Object.hasOwn(REGIONS, f.region) ? REGIONS[f.region]! : [])] });
  return out;
}

/** FROM and WHERE for the filters, with or without the period. */
export function where(scope: Scope, opts: { period?: Period | null; extra?: string; join?: string } = {}): { sql: string; params: Param[] } {
  const clauses: string[] = [];
  const params: Param[] = [];
  const period = opts.period === undefined ? scope.period : opts.period;
  if (period) {
    clauses.push('f.received_at >= ? AND f.received_at < ?');
    params.push(period.from, period.to);
  }
  for (const { dim, keys } of activeFilters(scope.filters)) {
    clauses.push(keys.length === 1 ? `f.${COLUMNS[dim]} = ?` : `f.${COLUMNS[dim]} IN (${keys.map(() => '?').join(',') || 'NULL'})`);
    params.push(...keys);
  }
  if (opts.extra) clauses.push(opts.extra);
  const table = 'lead_facts AS f' + (opts.join ? ` ${opts.join}` : '');
  return { sql: `FROM ${table}${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''}`, params };
}

/**
 * The départements a view keeps when its only filters are a département and/or a region (their
 * intersection when both), else null: the network's stored figures per département answer it.
 */
export function departementsOnly(scope: Scope): string[] | null {
  const active = activeFilters(scope.filters);
  if (active.length === 0 || active.some((f) => f.dim !== 'departement')) return null;
  return active.map((f) => f.keys.map(String)).reduce((a, b) => a.filter((k) => b.includes(k)));
}

/** Whether a filter narrows the leads. */
export function filtered(scope: Scope): boolean {
  return activeFilters(scope.filters).length > 0;
}

/**
 * Whether a filtered view is narrow enough for the facts' indexes: a member or a département
 * (alone or with other filters) holds a small share of the network's leads, read through its
 * index faster than a pass over every lead of the period's days (day-leads.ts), where a source, a
 * temperature or a region can hold most of them. Either way gives the same figures.
 */
export function narrow(scope: Scope): boolean {
  return activeFilters(scope.filters).some((f) => f.dim === 'member' || (f.dim === 'departement' && f.keys.length === 1));
}

/**
 * Whether the whole days and months come from what rollup.ts stores (brought up to date before
 * the read): the totals and clocks of the network, or for a filtered view the stored totals of
 * its one filter and each day's leads (day-leads.ts). Only the reference path reads the facts alone.
 */
export function usesRollup(scope: Scope): boolean {
  return !scope.fromFacts;
}

export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
