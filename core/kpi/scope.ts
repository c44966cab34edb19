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

/** FROM and WHERE for the filters, with or without the period. */
export function where(scope: Scope, opts: { period?: Period | null; extra?: string; join?: string } = {}): { sql: string; params: Param[] } {
  const f = scope.filters;
  const clauses: string[] = [];
  const params: Param[] = [];
  const period = opts.period === undefined ? scope.period : opts.period;
  if (period) {
    clauses.push('f.received_at >= ? AND f.received_at < ?');
    params.push(period.from, period.to);
  }
  const equal = (column: string, value: Param | undefined) => {
    if (value === undefined || value === '') return;
    clauses.push(`f.${column} = ?`);
    params.push(value);
  };
  equal('departement', f.departement);
  equal('owner_member_id', f.memberId);
  equal('source', f.source);
  equal('temperature', f.temperature);
  if (f.region) {
    const codes = Object.hasOwn(REGIONS, f.region) ? REGIONS[f.region]! : [];
    clauses.push(`f.departement IN (${codes.map(() => '?').join(',') || 'NULL'})`);
    params.push(...codes);
  }
  if (opts.extra) clauses.push(opts.extra);
  const table = 'lead_facts AS f' + (opts.join ? ` ${opts.join}` : '');
  return { sql: `FROM ${table}${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''}`, params };
}

/**
 * Whether the whole days come from the per-day totals (rollup.ts): only for the unfiltered
 * network, which is the large read; a filter narrows the facts through its index instead.
 */
export function usesRollup(scope: Scope): boolean {
  const f = scope.filters;
  return !scope.fromFacts && [f.departement, f.memberId, f.source, f.temperature, f.region].every((v) => v === undefined || v === '');
}

export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
