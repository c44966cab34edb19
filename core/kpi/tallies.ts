/**
 * The network map's tally of dispatches to members: sent, accepted, accepted within the SLA
 * deadline (common/sla.ts) and won, per member and territory. Read from the dispatches for
 * network.ts's partial days and for rollup.ts's stored days.
 */
import { prepared, type Db } from '../db/connection';
import type { Temperature } from '../../common/leads';
import { acceptanceDeadline, type SlaSettings } from '../../common/sla';
import type { BusinessClock } from './business';
import type { Period } from './period';

type Row = [memberId: number, territoryId: number | null, at: number, endedAt: number | null, endReason: string | null, temperature: string | null, owner: number | null, wonAt: number | null];

export const TALLY = ['received', 'accepted', 'acceptedInTime', 'won'] as const;
export type Tally = Record<(typeof TALLY)[number], number>;
/** kpi_network's columns for TALLY, in order. */
export const TALLY_COLUMNS = ['received', 'accepted', 'accepted_in_time', 'won'] as const;

/** Tallies per member and territory, keyed "member:territory" (territory 0: none). */
export type Tallies = Map<string, Tally>;

export function addTally(tallies: Tallies, key: string, values: readonly number[]): void {
  let t = tallies.get(key);
  if (!t) tallies.set(key, (t = { received: 0, accepted: 0, acceptedInTime: 0, won: 0 }));
  TALLY.forEach((name, i) => (t[name] += values[i]!));
}

/** The dispatches to members made in `period`, tallied. */
export function factTallies(db: Db, period: Period, clock: BusinessClock, sla: SlaSettings): Tallies {
  const rows = prepared(
    db,
    `SELECT d.member_id, d.territory_id, d.at, d.ended_at, d.end_reason, f.temperature, f.owner_member_id, f.won_at
       FROM dispatches d JOIN lead_facts f ON f.lead_id = d.lead_id
       WHERE d.member_id IS NOT NULL AND d.at >= ? AND d.at < ?`,
  )
    .raw()
    .all(period.from, period.to) as Row[];
  const tallies: Tallies = new Map();
  for (const [memberId, territoryId, at, endedAt, endReason, temperature, owner, wonAt] of rows) {
    const accepted = (endReason === 'accepted' || endReason === 'claimed') && endedAt !== null;
    const inTime = accepted && endedAt <= acceptanceDeadline({ temperature: temperature as Temperature | null, dispatchedAt: at }, sla, clock);
    const won = owner === memberId && wonAt !== null;
    addTally(tallies, `${memberId}:${territoryId ?? 0}`, [1, accepted ? 1 : 0, inTime ? 1 : 0, won ? 1 : 0]);
  }
  return tallies;
}
