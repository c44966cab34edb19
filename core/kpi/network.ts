/**
 * Per-member and per-territory figures for the network map over the last days: leads sent,
 * accepted within the SLA target (business hours, per dispatch as in the monthly report) and
 * won. A dispatch's territory is the one its routing decision recorded for the chosen member
 * (dispatches.territory_id, see migration 0009); manual dispatches to a member outside the
 * candidates, and members reached by radius, have none.
 * Whole Paris days and months of dispatch are read from kpi_network (kept by rollup.ts), the
 * partial days at the ends from the dispatches themselves, with the same tally.
 */
import { z } from 'zod';
import type { Context } from '../commands/define';
import { prepared, type Db } from '../db/connection';
import { readSettings, slaSettings } from '../settings/read';
import { businessClock } from './business';
import { splitPeriod } from './days';
import type { Period } from './period';
import { refreshRollup } from './rollup';
import { rate } from './scope';
import { addTally, factTallies, TALLY, TALLY_COLUMNS, type Tallies, type Tally } from './tallies';

export const networkInput = z.object({ days: z.number().int().min(1).max(730).default(90) });

export interface Figures {
  received: number;
  accepted: number;
  acceptedInTime: number;
  acceptedInTimeRate: number | null;
  won: number;
  conversion: number | null;
}

function addStoredTallies(db: Db, tallies: Tallies, span: 'day' | 'month', p: Period): void {
  const sql = `SELECT member_id || ':' || territory_id, ${TALLY_COLUMNS.map((c) => `sum(${c})`).join(', ')} FROM kpi_network WHERE span = ? AND start >= ? AND start < ? GROUP BY member_id, territory_id`;
  for (const [key, ...values] of prepared(db, sql).raw().all(span, p.from, p.to) as [string, ...number[]][]) addTally(tallies, key, values);
}

function finish(f: Tally): Figures {
  return { ...f, acceptedInTimeRate: rate(f.acceptedInTime, f.received), conversion: rate(f.won, f.received) };
}

/** `fromFacts` tallies every dispatch of the period itself, without the stored tallies: the reference the tests and the bench compare with. */
export function networkFigures(ctx: Pick<Context, 'db' | 'now'>, days: number, fromFacts = false) {
  const to = ctx.now();
  const from = to - days * 86_400_000;
  const settings = readSettings(ctx);
  const sla = slaSettings(settings);
  const clockFor = (p: Period) => businessClock(p.from, p.to, settings['sla.businessHours']);
  let tallies: Tallies;
  if (fromFacts) tallies = factTallies(ctx.db, { from, to }, clockFor({ from, to }), sla);
  else {
    refreshRollup(ctx.db, sla.calendar, sla.targets, Infinity, { crossMonths: 0 });
    const { months, days: runs, edges } = splitPeriod({ from, to });
    tallies = new Map();
    if (months) addStoredTallies(ctx.db, tallies, 'month', months);
    for (const run of runs) addStoredTallies(ctx.db, tallies, 'day', run);
    for (const edge of edges)
      for (const [key, t] of factTallies(ctx.db, edge, clockFor(edge), sla))
        addTally(
          tallies,
          key,
          TALLY.map((n) => t[n]),
        );
  }
  const members: Tallies = new Map();
  const territories: { territoryId: number; memberId: number; tally: Tally }[] = [];
  for (const [key, t] of tallies) {
    const [memberId, territoryId] = key.split(':').map(Number) as [number, number];
    addTally(
      members,
      String(memberId),
      TALLY.map((n) => t[n]),
    );
    if (territoryId !== 0) territories.push({ territoryId, memberId, tally: t });
  }
  return {
    from,
    to,
    members: [...members].map(([memberId, t]) => ({ memberId: Number(memberId), ...finish(t) })).sort((a, b) => a.memberId - b.memberId),
    territories: territories.map(({ territoryId, memberId, tally }) => ({ territoryId, ...finish(tally), memberId })).sort((a, b) => a.territoryId - b.territoryId),
  };
}

export type NetworkFigures = ReturnType<typeof networkFigures>;
