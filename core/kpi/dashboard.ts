/**
 * kpi.dashboard: every figure of the manager's dashboard for a period and filters. The
 * sections read the per-day totals (rollup.ts, brought up to date first) and lead_facts
 * (migration 0007); `timings` says what each cost.
 */
import type { Context } from '../commands/define';
import { readSettings } from '../settings/read';
import { actualVsTarget } from '../targets/actual';
import { departements } from './departements';
import { resolvePeriod } from './period';
import { response } from './response';
import { refreshRollup } from './rollup';
import type { DashboardInput, Scope } from './scope';
import { ageing, breakdown, conversion, funnel, volume, whiteZones } from './sections';

export const SECTIONS = { volume, breakdown, funnel, response, conversion, ageing, whiteZones, departements } as const;
export type SectionName = keyof typeof SECTIONS;

export function dashboardScope(ctx: Pick<Context, 'db' | 'now'>, input: DashboardInput): Scope {
  const settings = readSettings(ctx);
  const { from, to, ...filters } = input;
  return { db: ctx.db, period: resolvePeriod(from, to), filters, now: ctx.now(), targets: settings['sla.targets'], cal: settings['sla.businessHours'] };
}

export function dashboard(ctx: Pick<Context, 'db' | 'now'>, input: DashboardInput) {
  const scope = dashboardScope(ctx, input);
  refreshRollup(scope.db, scope.cal, scope.targets, Infinity, { wait: false, crossMonths: 0 });
  const timings: Partial<Record<SectionName, number>> = {};
  const timed = <T>(name: SectionName, run: (s: Scope) => T): T => {
    const start = performance.now();
    const value = run(scope);
    timings[name] = Math.round((performance.now() - start) * 10) / 10;
    return value;
  };
  const vol = timed('volume', volume);
  const brk = timed('breakdown', breakdown);
  const fun = timed('funnel', funnel);
  const resp = timed('response', response);
  const conv = timed('conversion', conversion);
  const age = timed('ageing', ageing);
  const white = timed('whiteZones', whiteZones);
  const deps = timed('departements', departements);
  return {
    period: scope.period,
    headline: {
      leads: vol.total,
      variation: vol.variation,
      variationLastYear: vol.variationLastYear,
      treatedRate: fun.treatedRate,
      medianAcceptHours: resp.accept.medianHours,
      conversion: fun.conversion,
      slaCompliance: resp.sla.accept.compliance,
      whiteZone: white.total,
      revenueCents: fun.revenueCents,
    },
    volume: vol,
    breakdown: brk,
    funnel: fun,
    response: resp,
    conversion: conv,
    ageing: age,
    whiteZones: white,
    departements: deps,
    targets: actualVsTarget(scope.db, scope.period, scope.filters, { leads: vol.total, qualified: fun.steps[1]!.count, conversion: fun.conversion }),
    timings,
  };
}

export type Dashboard = ReturnType<typeof dashboard>;
