/**
 * The member's own figures for a month (issue 18): leads received, accepted in time, median time
 * to accept (business hours), conversion and revenue won, beside the network's median of members
 * for the same month. They are the monthly SLA report's own figures (core/reports/monthly.ts: one
 * read of the month's dispatches, per dispatch, by dispatch date), so the member sees what the head
 * office's report says of them. The stored totals (kpi_network) hold neither revenue nor the
 * durations a median needs, hence the report's one query. The network's median is over the
 * members sent leads that month; only medians leave the server, never another member's figures.
 */
import { command, type Context } from '../commands/define';
import { asHeadOffice } from '../db/row-security';
import { median } from '../kpi/business';
import { monthInput, monthlyReport, type ReportRow } from '../reports/monthly';
import { memberOf } from './scope';

export interface MemberFigures {
  received: number;
  acceptedInTime: number;
  acceptedInTimeRate: number | null;
  medianAcceptHours: number | null;
  conversion: number | null;
  revenueCents: number;
}

type Medians = { [K in keyof MemberFigures]: number | null };

const FIGURES = ['received', 'acceptedInTime', 'acceptedInTimeRate', 'medianAcceptHours', 'conversion', 'revenueCents'] as const;

function figuresOf(row: ReportRow): MemberFigures {
  const { received, acceptedInTime, acceptedInTimeRate, medianAcceptHours, conversion, revenueCents } = row;
  return { received, acceptedInTime, acceptedInTimeRate, medianAcceptHours, conversion, revenueCents };
}

/** Each figure's median over the members, those without it (no acceptance yet: no median time, no conversion) left out. */
function mediansOf(rows: ReportRow[]): Medians {
  const medians = {} as Medians;
  for (const figure of FIGURES) medians[figure] = median(rows.map((r) => r[figure]).filter((v): v is number => v !== null));
  return medians;
}

export function memberFigures(ctx: Pick<Context, 'db' | 'now'>, memberId: number, month: string) {
  // The whole network's dispatches of the month (a member's row-security scope sees only its own): medians only leave.
  const report = asHeadOffice(ctx.db, () => monthlyReport(ctx, month));
  const mine = report.members.find((r) => r.memberId === memberId);
  return { month, from: report.from, to: report.to, mine: mine ? figuresOf(mine) : null, network: mediansOf(report.members), members: report.members.length };
}

export const figuresCommands = {
  'extranet.figures': command(monthInput, (ctx, { month }) => memberFigures(ctx, memberOf(ctx).memberId, month)),
};
