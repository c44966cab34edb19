/**
 * The monthly SLA report: for each member who was sent leads during the month (Paris calendar
 * month, by dispatch date) and overall, how many were received and accepted in time, contacted
 * in time, the median times, re-assignments, treated rate, conversion and revenue won.
 * "Accepted in time" is per dispatch: a lead taken away from a member and accepted by the next
 * one counts for each of them.
 */
import { z } from 'zod';
import type { Context } from '../commands/define';
import type { Db } from '../db/connection';
import { zmsg } from '../language';
import { businessClock, median } from '../kpi/business';
import { monthPeriod, type Period } from '../kpi/period';
import { readSettings, slaSettings } from '../settings/read';
import { HOUR_MS } from '../../common/business-hours';
import type { Temperature } from '../../common/leads';
import { acceptanceDeadline, contactDeadline } from '../../common/sla';

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

type DispatchRow = [
  memberId: number,
  name: string,
  at: number,
  endedAt: number | null,
  endReason: string | null,
  temperature: string | null,
  owner: number | null,
  contactedAt: number | null,
  quotedAt: number | null,
  wonAt: number | null,
  wonCents: number | null,
  lostAt: number | null,
];

interface Acc {
  row: ReportRow;
  accept: number[];
  contact: number[];
}

function emptyRow(memberId: number | null, name: string): ReportRow {
  return {
    memberId,
    name,
    received: 0,
    accepted: 0,
    acceptedInTime: 0,
    declined: 0,
    reassignments: 0,
    contacted: 0,
    contactedInTime: 0,
    treated: 0,
    won: 0,
    revenueCents: 0,
    medianAcceptHours: null,
    medianContactHours: null,
    treatedRate: null,
    conversion: null,
    acceptedInTimeRate: null,
  };
}

function finish(acc: Acc): ReportRow {
  const r = acc.row;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  return {
    ...r,
    medianAcceptHours: median(acc.accept),
    medianContactHours: median(acc.contact),
    treatedRate: ratio(r.treated, r.accepted),
    conversion: ratio(r.won, r.accepted),
    acceptedInTimeRate: ratio(r.acceptedInTime, r.received),
  };
}

/** The month's dispatches to members with what the report needs of their leads (the bench times this read alone too). */
export function reportRows(db: Db, period: Period): DispatchRow[] {
  return db
    .prepare(
      `SELECT d.member_id, m.name, d.at, d.ended_at, d.end_reason, f.temperature, f.owner_member_id, f.contacted_at, f.quoted_at, f.won_at, f.won_cents, f.lost_at
       FROM dispatches d JOIN members m ON m.id = d.member_id JOIN lead_facts f ON f.lead_id = d.lead_id
       WHERE d.member_id IS NOT NULL AND d.at >= ? AND d.at < ?`,
    )
    .raw()
    .all(period.from, period.to) as DispatchRow[];
}

export function monthlyReport(ctx: Pick<Context, 'db' | 'now'>, month: string): MonthlyReport {
  const period = monthPeriod(month);
  const settings = readSettings(ctx);
  const sla = slaSettings(settings);
  const rows = reportRows(ctx.db, period);
  // The calendar is built day by day up to the last instant measured, not up to today: a month
  // of 1990 would otherwise cost 13,000 days of calendar (and one with no dispatch, none).
  const last = rows.reduce((t, r) => Math.max(t, r[3] ?? 0, r[7] ?? 0), period.to);
  const clock = businessClock(period.from, rows.length ? last : period.from, settings['sla.businessHours']);
  const byMember = new Map<number, Acc>();
  const overall: Acc = { row: emptyRow(null, ''), accept: [], contact: [] };
  for (const [memberId, name, at, endedAt, endReason, temperature, owner, contactedAt, quotedAt, wonAt, wonCents, lostAt] of rows) {
    let acc = byMember.get(memberId);
    if (!acc) byMember.set(memberId, (acc = { row: emptyRow(memberId, name), accept: [], contact: [] }));
    for (const a of [acc, overall]) a.row.received++;
    if (endReason === 'declined') for (const a of [acc, overall]) a.row.declined++;
    if (endReason === 'expired') for (const a of [acc, overall]) a.row.reassignments++;
    if ((endReason !== 'accepted' && endReason !== 'claimed') || endedAt === null) continue;
    const temp = temperature as Temperature | null;
    const acceptMs = clock.between(at, endedAt);
    const inTime = endedAt <= acceptanceDeadline({ temperature: temp, dispatchedAt: at }, sla, clock);
    const kept = owner === memberId;
    const contactMs = kept && contactedAt !== null ? clock.between(endedAt, contactedAt) : null;
    const contactInTime = kept && contactedAt !== null && contactedAt <= contactDeadline({ temperature: temp, acceptedAt: endedAt }, sla, clock);
    for (const a of [acc, overall]) {
      a.row.accepted++;
      a.accept.push(acceptMs / HOUR_MS);
      if (inTime) a.row.acceptedInTime++;
      if (!kept) continue;
      if (contactMs !== null) {
        a.row.contacted++;
        a.contact.push(contactMs / HOUR_MS);
        if (contactInTime) a.row.contactedInTime++;
      }
      if (contactedAt !== null || quotedAt !== null || wonAt !== null || lostAt !== null) a.row.treated++;
      if (wonAt !== null) {
        a.row.won++;
        a.row.revenueCents += wonCents ?? 0;
      }
    }
  }
  const totals = ctx.db.prepare('SELECT count(*) AS n, coalesce(sum(white_zone), 0) AS w FROM lead_facts WHERE received_at >= ? AND received_at < ?').get(period.from, period.to) as {
    n: number;
    w: number;
  };
  const members = [...byMember.values()].map(finish).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  return { month, from: period.from, to: period.to, generatedAt: ctx.now(), leadsReceived: totals.n, whiteZone: totals.w, overall: finish(overall), members };
}
