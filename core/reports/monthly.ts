/**
 * The monthly SLA report: for each member who was sent leads during the month (Paris calendar
 * month, by dispatch date) and overall, how many were received and accepted in time, contacted
 * in time, the median times, re-assignments, treated rate, conversion and revenue won.
 * "Accepted in time" is per dispatch: a lead taken away from a member and accepted by the next
 * one counts for each of them.
 */
import { z } from 'zod';
import type { Context } from '../commands/define';
import { prepared, type Db } from '../db/connection';
import { zmsg } from '../language';
import { businessClock } from '../kpi/business';
import { monthPeriod, type Period } from '../kpi/period';
import { addFigures, emptyCounts, lastMeasured, reportRows, storedFigures, tallyDispatches, type MemberFigures } from '../kpi/report-figures';
import { refreshRollup } from '../kpi/rollup';
import { medianOfRuns } from '../kpi/runs';
import type { Scope } from '../kpi/scope';
import { overall } from '../kpi/totals';
import { readSettings, slaSettings } from '../settings/read';
import type { Settings } from '../settings/registry';

export const monthInput = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, zmsg('A month is YYYY-MM', 'Un mois s’écrit AAAA-MM')) });

export interface ReportRow {
  memberId: number | null;
  name: string;
  received: number;
  accepted: number;
  acceptedInTime: number;
  declined: number;
  reassignments: number;
  contacted: number;
  contactedInTime: number;
  treated: number;
  won: number;
  revenueCents: number;
  medianAcceptHours: number | null;
  medianContactHours: number | null;
  treatedRate: number | null;
  conversion: number | null;
  acceptedInTimeRate: number | null;
}

export interface MonthlyReport {
  month: string;
  from: number;
  to: number;
  generatedAt: number;
  leadsReceived: number;
  whiteZone: number;
  overall: ReportRow;
  members: ReportRow[];
}

function row(memberId: number | null, name: string, f: MemberFigures): ReportRow {
  const c = f.counts;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  return {
    memberId,
    name,
    ...c,
    medianAcceptHours: medianOfRuns(f.accept, 1),
    medianContactHours: medianOfRuns(f.contact, 1),
    treatedRate: ratio(c.treated, c.accepted),
    conversion: ratio(c.won, c.accepted),
    acceptedInTimeRate: ratio(c.acceptedInTime, c.received),
  };
}

/** The month's figures per member tallied from its dispatches: the reference the tests and the bench compare the stored figures with. */
function figuresFromDispatches(db: Db, period: Period, settings: Settings): Map<number, MemberFigures> {
  const rows = reportRows(db, period);
  // The calendar is built day by day up to the last instant measured, not up to today: a month
  // of 1990 would otherwise cost 13,000 days of calendar (and one with no dispatch, none).
  const clock = businessClock(period.from, rows.length ? lastMeasured(rows, period.to) : period.from, settings['sla.businessHours']);
  return tallyDispatches(rows, clock, slaSettings(settings));
}

/**
 * The report of a Paris month: by default from the figures rollup.ts stores per member and month
 * of dispatch (brought up to date first), with `fromFacts` tallied from the month's dispatches;
 * both give the same report.
 */
export function monthlyReport(ctx: Pick<Context, 'db' | 'now'>, month: string, fromFacts = false): MonthlyReport {
  const period = monthPeriod(month);
  const settings = readSettings(ctx);
  const scope: Scope = { db: ctx.db, period, filters: {}, now: ctx.now(), targets: settings['sla.targets'], cal: settings['sla.businessHours'], fromFacts };
  if (!fromFacts) refreshRollup(ctx.db, scope.cal, scope.targets, Infinity, { crossMonths: 0 });
  const byMember = fromFacts ? figuresFromDispatches(ctx.db, period, settings) : storedFigures(ctx.db, 'month', period);
  const names = new Map(
    byMember.size
      ? (prepared(ctx.db, `SELECT id, name FROM members WHERE id IN (${[...byMember.keys()].map(() => '?').join(',')})`)
          .raw()
          .all(...byMember.keys()) as [number, string][])
      : [],
  );
  const all: MemberFigures = { counts: emptyCounts(), accept: [], contact: [] };
  const members: ReportRow[] = [];
  for (const [memberId, f] of byMember) {
    const name = names.get(memberId);
    if (name === undefined) continue;
    addFigures(all, f);
    members.push(row(memberId, name, f));
  }
  members.sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.memberId! - b.memberId!);
  const received = overall(scope);
  return { month, from: period.from, to: period.to, generatedAt: ctx.now(), leadsReceived: received.received, whiteZone: received.whiteZone, overall: row(null, '', all), members };
}
