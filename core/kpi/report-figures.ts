/**
 * The monthly SLA report's figures per member (core/reports/monthly.ts), by Paris day or month
 * of dispatch: per dispatch to a member, received, accepted (in time), declined, re-assigned;
 * for the leads the member kept, contacted (in time), treated, won and revenue; and the times to
 * accept and to contact in business hours. Tallied from the dispatches of a period (the
 * reference, and rollup.ts's rebuild of a day), stored per day and month in kpi_report
 * (migration 0029) with each list of hours sorted: a month's report reads one row per member
 * instead of every dispatch of the month.
 */
import { prepared, type Db } from '../db/connection';
import { insertRows } from '../db/insert-rows';
import { HOUR_MS } from '../../common/business-hours';
import type { Temperature } from '../../common/leads';
import { acceptanceDeadline, contactDeadline, type SlaSettings } from '../../common/sla';
import type { BusinessClock } from './business';
import type { Period } from './period';
import { mergeRuns, packLists, unpackLists } from './runs';

export const REPORT_COUNTS = ['received', 'accepted', 'acceptedInTime', 'declined', 'reassignments', 'contacted', 'contactedInTime', 'treated', 'won', 'revenueCents'] as const;
export type ReportCounts = Record<(typeof REPORT_COUNTS)[number], number>;
/** kpi_report's columns for REPORT_COUNTS, in order. */
export const REPORT_COLUMNS = ['received', 'accepted', 'accepted_in_time', 'declined', 'reassignments', 'contacted', 'contacted_in_time', 'treated', 'won', 'revenue_cents'] as const;

/** A member's figures: the counts and the hours to accept and to contact, each list in one or more sorted runs. */
export interface MemberFigures {
  counts: ReportCounts;
  accept: Float64Array[];
  contact: Float64Array[];
}

export function emptyCounts(): ReportCounts {
  return Object.fromEntries(REPORT_COUNTS.map((c) => [c, 0])) as ReportCounts;
}

type DispatchRow = [
  memberId: number,
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

/** The dispatches to members made in `period`, with what the report needs of their leads (the bench times this read alone too). */
export function reportRows(db: Db, period: Period): DispatchRow[] {
  return prepared(
    db,
    `SELECT d.member_id, d.at, d.ended_at, d.end_reason, f.temperature, f.owner_member_id, f.contacted_at, f.quoted_at, f.won_at, f.won_cents, f.lost_at
       FROM dispatches d JOIN lead_facts f ON f.lead_id = d.lead_id
       WHERE d.member_id IS NOT NULL AND d.at >= ? AND d.at < ?`,
  )
    .raw()
    .all(period.from, period.to) as DispatchRow[];
}

/** The last instant the rows measure a time to (for a business clock that covers them). */
export function lastMeasured(rows: DispatchRow[], from: number): number {
  return rows.reduce((t, r) => Math.max(t, r[2] ?? 0, r[6] ?? 0), from);
}

/** Tallies dispatch rows per member, the hours of each list sorted. */
export function tallyDispatches(rows: DispatchRow[], clock: BusinessClock, sla: SlaSettings): Map<number, MemberFigures> {
  const byMember = new Map<number, { counts: ReportCounts; accept: number[]; contact: number[] }>();
  for (const [memberId, at, endedAt, endReason, temperature, owner, contactedAt, quotedAt, wonAt, wonCents, lostAt] of rows) {
    let m = byMember.get(memberId);
    if (!m) byMember.set(memberId, (m = { counts: emptyCounts(), accept: [], contact: [] }));
    const c = m.counts;
    c.received++;
    if (endReason === 'declined') c.declined++;
    if (endReason === 'expired') c.reassignments++;
    if ((endReason !== 'accepted' && endReason !== 'claimed') || endedAt === null) continue;
    const temp = temperature as Temperature | null;
    c.accepted++;
    m.accept.push(clock.between(at, endedAt) / HOUR_MS);
    if (endedAt <= acceptanceDeadline({ temperature: temp, dispatchedAt: at }, sla, clock)) c.acceptedInTime++;
    if (owner !== memberId) continue;
    if (contactedAt !== null) {
      c.contacted++;
      m.contact.push(clock.between(endedAt, contactedAt) / HOUR_MS);
      if (contactedAt <= contactDeadline({ temperature: temp, acceptedAt: endedAt }, sla, clock)) c.contactedInTime++;
    }
    if (contactedAt !== null || quotedAt !== null || wonAt !== null || lostAt !== null) c.treated++;
    if (wonAt !== null) {
      c.won++;
      c.revenueCents += wonCents ?? 0;
    }
  }
  const sorted = (list: number[]) => (list.length ? [Float64Array.from(list).sort()] : []);
  return new Map([...byMember].map(([id, m]) => [id, { counts: m.counts, accept: sorted(m.accept), contact: sorted(m.contact) }]));
}

/** Adds one member's figures to another's (the runs are kept, not merged). */
export function addFigures(into: MemberFigures, from: MemberFigures): void {
  for (const c of REPORT_COUNTS) into.counts[c] += from.counts[c];
  into.accept.push(...from.accept);
  into.contact.push(...from.contact);
}

/** The stored figures of the days or months starting in `p`, per member. */
export function storedFigures(db: Db, span: 'day' | 'month', p: Period): Map<number, MemberFigures> {
  const out = new Map<number, MemberFigures>();
  const sql = `SELECT member_id, hours, ${REPORT_COLUMNS.join(', ')} FROM kpi_report WHERE span = ? AND start >= ? AND start < ?`;
  for (const [memberId, hours, ...counts] of prepared(db, sql).raw().all(span, p.from, p.to) as [number, Buffer, ...number[]][]) {
    const [accept, contact] = unpackLists(hours, 2) as [Float64Array, Float64Array];
    const figures: MemberFigures = { counts: Object.fromEntries(REPORT_COUNTS.map((c, i) => [c, counts[i]!])) as ReportCounts, accept: [accept], contact: [contact] };
    const known = out.get(memberId);
    if (known) addFigures(known, figures);
    else out.set(memberId, figures);
  }
  return out;
}

/** Rewrites the stored figures of one day or month, one row per member. */
export function writeFigures(db: Db, span: 'day' | 'month', start: number, figures: Map<number, MemberFigures>): void {
  prepared(db, 'DELETE FROM kpi_report WHERE span = ? AND start = ?').run(span, start);
  const rows = [...figures].map(([memberId, f]) => [span, start, memberId, packLists([mergeRuns(f.accept), mergeRuns(f.contact)]), ...REPORT_COUNTS.map((c) => f.counts[c])]);
  insertRows(db, 'kpi_report', `span, start, member_id, hours, ${REPORT_COLUMNS.join(', ')}`, rows);
}
