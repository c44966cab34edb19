/**
 * Per-member and per-territory figures for the network map over the last days: leads sent,
 * accepted within the SLA target (business hours, per dispatch as in the monthly report) and
 * won. A dispatch's territory is the one its routing decision recorded for the chosen member
 * (dispatches.territory_id, see migration 0009); manual dispatches to a member outside the
 * candidates, and members reached by radius, have none.
 */
import { z } from 'zod';
import type { Context } from '../commands/define';
import { readSettings } from '../settings/commands';
import { HOUR_MS } from '../sla/calendar';
import { businessClock } from './business';
import { rate } from './scope';

export const networkInput = z.object({ days: z.number().int().min(1).max(730).default(90) });

export interface Figures {
  received: number;
  accepted: number;
  acceptedInTime: number;
  acceptedInTimeRate: number | null;
  won: number;
  conversion: number | null;
}

type Row = [memberId: number, territoryId: number | null, at: number, endedAt: number | null, endReason: string | null, temperature: string | null, owner: number | null, wonAt: number | null];

const DAY_MS = 86_400_000;

function tally(): Figures {
  return { received: 0, accepted: 0, acceptedInTime: 0, acceptedInTimeRate: null, won: 0, conversion: null };
}

function finish(f: Figures): Figures {
  return { ...f, acceptedInTimeRate: rate(f.acceptedInTime, f.received), conversion: rate(f.won, f.received) };
}

/** `baseline` reads the dispatches without their index (the bench's reference). */
export function networkFigures(ctx: Pick<Context, 'db' | 'now'>, days: number, baseline = false) {
  const to = ctx.now();
  const from = to - days * DAY_MS;
  const settings = readSettings(ctx);
  const targets = settings['sla.targets'];
  const clock = businessClock(from, to, settings['sla.businessHours']);
  const rows = ctx.db
    .prepare(
      `SELECT d.member_id, d.territory_id, d.at, d.ended_at, d.end_reason, f.temperature, f.owner_member_id, f.won_at
       FROM dispatches d${baseline ? ' NOT INDEXED' : ''} JOIN lead_facts f ON f.lead_id = d.lead_id
       WHERE d.member_id IS NOT NULL AND d.at >= ? AND d.at < ?`,
    )
    .raw()
    .all(from, to) as Row[];
  const members = new Map<number, Figures>();
  const territories = new Map<number, Figures & { memberId: number }>();
  for (const [memberId, territoryId, at, endedAt, endReason, temperature, owner, wonAt] of rows) {
    let m = members.get(memberId);
    if (!m) members.set(memberId, (m = tally()));
    let t = territoryId === null ? undefined : territories.get(territoryId);
    if (territoryId !== null && !t) territories.set(territoryId, (t = { ...tally(), memberId }));
    const accepted = (endReason === 'accepted' || endReason === 'claimed') && endedAt !== null;
    const target = targets[(temperature ?? 'warm') as 'hot' | 'warm' | 'cold'];
    const inTime = accepted && clock.between(at, endedAt) <= target.accept * HOUR_MS;
    const won = owner === memberId && wonAt !== null;
    for (const f of t ? [m, t] : [m]) {
      f.received++;
      if (accepted) f.accepted++;
      if (inTime) f.acceptedInTime++;
      if (won) f.won++;
    }
  }
  return {
    from,
    to,
    members: [...members].map(([memberId, f]) => ({ memberId, ...finish(f) })),
    territories: [...territories].map(([territoryId, f]) => ({ territoryId, ...finish(f), memberId: f.memberId })),
  };
}

export type NetworkFigures = ReturnType<typeof networkFigures>;
