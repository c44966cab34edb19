/**
 * Simulation before saving: replay the leads of a past period through proposed settings and
 * member coefficients, against today's territories, and compare with what actually happened
 * (the first member each lead was dispatched to). Loads are rebuilt week by week as the replay
 * goes, so capacity limits act as they would have. Nothing is written.
 */
import type { Context } from '../commands/define';
import { haversineKm } from '../geo/distance';
import { route } from './route';
import { resolveLeadProduct } from '../products/catalogue';
import type { RoutingSettings } from './settings';
import { buildSnapshot, weekStart } from './snapshot';
import { parisDay } from '../../common/paris';
import type { MemberSnapshot, NetworkSnapshot, Temperature } from './types';

export interface SimulationInput {
  from: number;
  to: number;
  settings: RoutingSettings;
  /** Proposed member coefficients (memberId -> coefficient); territory overrides still apply. */
  coefficients: Record<number, number>;
}

interface ReplayLead {
  id: number;
  lat: number | null;
  lon: number | null;
  product: string;
  temperature: Temperature | null;
  receivedAt: number;
  actualMemberId: number | null;
}

export interface MemberComparison {
  memberId: number;
  memberName: string;
  capacityPerWeek: number;
  actual: number;
  simulated: number;
  /** Highest weekly load in the period divided by capacity. */
  actualPeakLoad: number;
  simulatedPeakLoad: number;
}

export interface SideFigures {
  assigned: number;
  headOffice: number;
  pooled: number;
  whiteZone: number;
  meanDistanceKm: number;
  p95DistanceKm: number;
}

export interface SimulationResult {
  leads: number;
  actual: SideFigures;
  simulated: SideFigures;
  changed: number;
  changedSample: { leadId: number; from: string | null; to: string | null }[];
  members: MemberComparison[];
}

export function simulate(ctx: Context, input: SimulationInput): SimulationResult {
  const leads = ctx.db
    .prepare(
      `SELECT l.id, l.lat, l.lon, l.product, l.temperature, l.received_at AS receivedAt,
         (SELECT member_id FROM dispatches d WHERE d.lead_id = l.id AND d.outcome = 'member' ORDER BY d.id LIMIT 1) AS actualMemberId
       FROM leads l
       WHERE l.received_at >= ? AND l.received_at < ? AND EXISTS (SELECT 1 FROM dispatches d WHERE d.lead_id = l.id)
       ORDER BY l.received_at, l.id`,
    )
    .all(input.from, input.to) as ReplayLead[];
  const base = buildSnapshot(ctx.db, input.to);
  const overrides = new Map(
    (ctx.db.prepare('SELECT id, priority_override AS o FROM territories WHERE priority_override IS NOT NULL').all() as { id: number; o: number }[]).map((r) => [r.id, r.o]),
  );
  const members = new Map<number, MemberSnapshot>([...base.members].map(([id, m]) => [id, { ...m, priorityCoefficient: input.coefficients[id] ?? m.priorityCoefficient, loadThisWeek: 0, lastAssignedAt: null }]));
  const simWeeks = new Map<string, number>();
  const actualWeeks = new Map<string, number>();
  const sim = side();
  const act = side();
  let changed = 0;
  const changedSample: SimulationResult['changedSample'] = [];

  let currentWeek = -1;
  let today = '';
  let dayKey = -1;
  for (const lead of leads) {
    // Leads come in time order, so a new week starts everyone's load again at zero.
    const week = weekStart(lead.receivedAt);
    if (week !== currentWeek) {
      currentWeek = week;
      for (const m of members.values()) m.loadThisWeek = 0;
    }
    const hour = Math.floor(lead.receivedAt / 3_600_000);
    if (hour !== dayKey) {
      dayKey = hour;
      today = parisDay(lead.receivedAt);
    }
    const point = lead.lat !== null && lead.lon !== null ? { lat: lead.lat, lon: lead.lon } : null;
    const snapshot: NetworkSnapshot = { members, today, cover: (p) => withCoefficients(base.cover(p), members, overrides) };
    const decision = route({ id: lead.id, point, ...resolveLeadProduct(base.catalogue, lead.product), temperature: lead.temperature, excludedMemberIds: [] }, snapshot, input.settings, lead.receivedAt);
    const simulated = decision.outcome.kind === 'member' ? decision.outcome.memberId : null;
    // Same territories on both sides: a lead in a white zone was in it then too.
    if (decision.whiteZone) {
      sim.white();
      act.white();
    }
    sim.count(decision.outcome.kind, simulated, point, members);
    act.count(lead.actualMemberId === null ? 'head_office' : 'member', lead.actualMemberId, point, members);
    if (simulated !== null) {
      const m = members.get(simulated)!;
      m.loadThisWeek++;
      m.lastAssignedAt = lead.receivedAt;
      bump(simWeeks, `${simulated}:${week}`);
    }
    if (lead.actualMemberId !== null) bump(actualWeeks, `${lead.actualMemberId}:${week}`);
    if (simulated !== lead.actualMemberId) {
      changed++;
      if (changedSample.length < 50) changedSample.push({ leadId: lead.id, from: nameOf(members, lead.actualMemberId), to: nameOf(members, simulated) });
    }
  }
  return { leads: leads.length, actual: act.figures(), simulated: sim.figures(), changed, changedSample, members: compare(members, act.perMember, sim.perMember, actualWeeks, simWeeks) };
}

/** Coverage hits carry the stored coefficients: apply the proposed member coefficient wherever no territory overrides it. */
function withCoefficients(hits: ReturnType<NetworkSnapshot['cover']>, members: Map<number, MemberSnapshot>, overrides: Map<number, number>) {
  return hits.map((h) => {
    const override = h.territoryId === undefined ? undefined : overrides.get(h.territoryId);
    return { ...h, coefficient: override ?? members.get(h.memberId)?.priorityCoefficient ?? h.coefficient };
  });
}

function side() {
  const distances: number[] = [];
  const perMember = new Map<number, number>();
  const f = { assigned: 0, headOffice: 0, pooled: 0, whiteZone: 0 };
  return {
    perMember,
    white() {
      f.whiteZone++;
    },
    count(kind: string, memberId: number | null, point: { lat: number; lon: number } | null, members: Map<number, MemberSnapshot>) {
      if (kind === 'pool') f.pooled++;
      if (memberId === null) {
        if (kind !== 'pool') f.headOffice++;
        return;
      }
      f.assigned++;
      bump(perMember, memberId);
      const m = members.get(memberId);
      if (point && m?.lat != null && m.lon != null) distances.push(haversineKm(point, { lat: m.lat, lon: m.lon }));
    },
    figures(): SideFigures {
      const sorted = distances.sort((a, b) => a - b);
      const mean = sorted.length ? sorted.reduce((s, d) => s + d, 0) / sorted.length : 0;
      const p95 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]! : 0;
      return { ...f, meanDistanceKm: Math.round(mean * 10) / 10, p95DistanceKm: Math.round(p95 * 10) / 10 };
    },
  };
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function nameOf(members: Map<number, MemberSnapshot>, id: number | null): string | null {
  return id === null ? null : (members.get(id)?.name ?? `#${id}`);
}

function peak(weeks: Map<string, number>, memberId: number): number {
  let max = 0;
  for (const [key, n] of weeks) if (key.startsWith(`${memberId}:`) && n > max) max = n;
  return max;
}

function compare(members: Map<number, MemberSnapshot>, actual: Map<number, number>, simulated: Map<number, number>, actualWeeks: Map<string, number>, simWeeks: Map<string, number>): MemberComparison[] {
  return [...members.values()]
    .map((m) => ({
      memberId: m.id,
      memberName: m.name,
      capacityPerWeek: m.capacityPerWeek,
      actual: actual.get(m.id) ?? 0,
      simulated: simulated.get(m.id) ?? 0,
      actualPeakLoad: m.capacityPerWeek ? Math.round((peak(actualWeeks, m.id) / m.capacityPerWeek) * 100) / 100 : 0,
      simulatedPeakLoad: m.capacityPerWeek ? Math.round((peak(simWeeks, m.id) / m.capacityPerWeek) * 100) / 100 : 0,
    }))
    .filter((c) => c.actual || c.simulated)
    .sort((a, b) => b.simulated - a.simulated || b.actual - a.actual || a.memberId - b.memberId);
}
