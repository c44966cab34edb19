/**
 * Simulation before saving: replay the leads of a past period through proposed settings and
 * member coefficients, against today's territories, and compare with what actually happened
 * (the first member each lead was dispatched to). Loads are rebuilt week by week as the replay
 * goes, so capacity limits act as they would have. Nothing is written.
 */
import type { Context } from '../commands/define';
import { haversineKm } from '../geo/distance';
import { route } from './route';
import { resolveLeadProduct, type Catalogue } from '../products/catalogue';
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

/**
 * A replay under way, advanced in slices so the background job can report progress and stop
 * between them (simulation-job.ts); `simulate` runs one to the end. Per lead it does only the
 * routing: week and day boundaries are computed when crossed (time-zone maths per lead was most
 * of the replay in the profile), the snapshot and the proposed coefficients are set up once.
 */
export class Replay {
  private readonly leads: ReplayLead[];
  private readonly members: Map<number, MemberSnapshot>;
  private readonly snapshot: NetworkSnapshot & { today: string };
  private readonly catalogue: Catalogue;
  private readonly products = new Map<string, ReturnType<typeof resolveLeadProduct>>();
  private readonly sim = side();
  private readonly act = side();
  /** Leads each member received in the current week (actual side; the simulated side counts in loadThisWeek) and the highest week so far. */
  private readonly actualWeek = new Map<number, number>();
  private readonly actualPeak = new Map<number, number>();
  private readonly simPeak = new Map<number, number>();
  private changed = 0;
  private readonly changedSample: SimulationResult['changedSample'] = [];
  private next = 0;
  private weekEnd = -Infinity;
  private dayEnd = -Infinity;

  constructor(
    ctx: Context,
    private readonly input: SimulationInput,
  ) {
    this.leads = ctx.db
      .prepare(
        `SELECT l.id, l.lat, l.lon, l.product, l.temperature, l.received_at AS "receivedAt",
           (SELECT member_id FROM dispatches d WHERE d.lead_id = l.id AND d.outcome = 'member' ORDER BY d.id LIMIT 1) AS "actualMemberId"
         FROM leads l
         WHERE l.received_at >= ? AND l.received_at < ? AND EXISTS (SELECT 1 FROM dispatches d WHERE d.lead_id = l.id)
         ORDER BY l.received_at, l.id`,
      )
      .all(input.from, input.to) as ReplayLead[];
    const base = buildSnapshot(ctx.db, input.to);
    this.catalogue = base.catalogue;
    const overrides = new Map((ctx.db.prepare('SELECT id, priority_override AS o FROM territories WHERE priority_override IS NOT NULL').all() as { id: number; o: number }[]).map((r) => [r.id, r.o]));
    const members = new Map<number, MemberSnapshot>(
      [...base.members].map(([id, m]) => [id, { ...m, priorityCoefficient: input.coefficients[id] ?? m.priorityCoefficient, loadThisWeek: 0, lastAssignedAt: null }]),
    );
    this.members = members;
    this.snapshot = { members, today: '', cover: (p) => withCoefficients(base.cover(p), members, overrides) };
  }

  get total(): number {
    return this.leads.length;
  }

  get done(): number {
    return this.next;
  }

  /** Replays up to `count` more leads; true once every lead is replayed. */
  advance(count: number): boolean {
    const stop = Math.min(this.leads.length, this.next + count);
    for (; this.next < stop; this.next++) this.replay(this.leads[this.next]!);
    return this.next === this.leads.length;
  }

  private replay(lead: ReplayLead): void {
    const members = this.members;
    // Leads come in time order, so a new week starts everyone's load again at zero.
    if (lead.receivedAt >= this.weekEnd) {
      const week = weekStart(lead.receivedAt);
      this.weekEnd = weekStart(week + 7.5 * DAY_MS);
      for (const m of members.values()) m.loadThisWeek = 0;
      this.actualWeek.clear();
    }
    if (lead.receivedAt >= this.dayEnd) {
      this.snapshot.today = parisDay(lead.receivedAt);
      this.dayEnd = nextPossibleParisMidnight(lead.receivedAt);
    }
    const point = lead.lat !== null && lead.lon !== null ? { lat: lead.lat, lon: lead.lon } : null;
    let product = this.products.get(lead.product);
    if (!product) this.products.set(lead.product, (product = resolveLeadProduct(this.catalogue, lead.product)));
    const decision = route({ id: lead.id, point, ...product, temperature: lead.temperature, excludedMemberIds: [] }, this.snapshot, this.input.settings, lead.receivedAt);
    const simulated = decision.outcome.kind === 'member' ? decision.outcome.memberId : null;
    // Same territories on both sides: a lead in a white zone was in it then too.
    if (decision.whiteZone) {
      this.sim.white();
      this.act.white();
    }
    this.sim.count(decision.outcome.kind, simulated, point, members);
    this.act.count(lead.actualMemberId === null ? 'head_office' : 'member', lead.actualMemberId, point, members);
    if (simulated !== null) {
      const m = members.get(simulated)!;
      m.loadThisWeek++;
      m.lastAssignedAt = lead.receivedAt;
      if (m.loadThisWeek > (this.simPeak.get(simulated) ?? 0)) this.simPeak.set(simulated, m.loadThisWeek);
    }
    if (lead.actualMemberId !== null) {
      const n = (this.actualWeek.get(lead.actualMemberId) ?? 0) + 1;
      this.actualWeek.set(lead.actualMemberId, n);
      if (n > (this.actualPeak.get(lead.actualMemberId) ?? 0)) this.actualPeak.set(lead.actualMemberId, n);
    }
    if (simulated !== lead.actualMemberId) {
      this.changed++;
      if (this.changedSample.length < 50) this.changedSample.push({ leadId: lead.id, from: nameOf(members, lead.actualMemberId), to: nameOf(members, simulated) });
    }
  }

  result(): SimulationResult {
    const { members, act, sim } = this;
    return {
      leads: this.next,
      actual: act.figures(),
      simulated: sim.figures(),
      changed: this.changed,
      changedSample: this.changedSample,
      members: compare(members, act.perMember, sim.perMember, this.actualPeak, this.simPeak),
    };
  }
}

export function simulate(ctx: Context, input: SimulationInput): SimulationResult {
  const replay = new Replay(ctx, input);
  replay.advance(replay.total);
  return replay.result();
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The first instant after t at which the date in Paris may change: Paris is UTC+1 or UTC+2, so
 * its midnight falls at 22:00 or 23:00 UTC. Asking parisDay again only then (rather than for
 * every lead) is exact whatever the daylight-saving rule.
 */
function nextPossibleParisMidnight(t: number): number {
  const dayStart = Math.floor(t / DAY_MS) * DAY_MS;
  const hour = (t - dayStart) / HOUR_MS;
  return hour < 22 ? dayStart + 22 * HOUR_MS : hour < 23 ? dayStart + 23 * HOUR_MS : dayStart + DAY_MS + 22 * HOUR_MS;
}

/**
 * Coverage hits carry the stored coefficients: apply the proposed member coefficient wherever no
 * territory overrides it. The index returns fresh hits for every call, so they are changed in place.
 */
function withCoefficients(hits: ReturnType<NetworkSnapshot['cover']>, members: Map<number, MemberSnapshot>, overrides: Map<number, number>) {
  for (const h of hits) {
    const override = h.territoryId === undefined ? undefined : overrides.get(h.territoryId);
    h.coefficient = override ?? members.get(h.memberId)?.priorityCoefficient ?? h.coefficient;
  }
  return hits;
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

/** peaks: each member's highest weekly count over the period. */
function compare(
  members: Map<number, MemberSnapshot>,
  actual: Map<number, number>,
  simulated: Map<number, number>,
  actualPeaks: Map<number, number>,
  simPeaks: Map<number, number>,
): MemberComparison[] {
  return [...members.values()]
    .map((m) => ({
      memberId: m.id,
      memberName: m.name,
      capacityPerWeek: m.capacityPerWeek,
      actual: actual.get(m.id) ?? 0,
      simulated: simulated.get(m.id) ?? 0,
      actualPeakLoad: m.capacityPerWeek ? Math.round(((actualPeaks.get(m.id) ?? 0) / m.capacityPerWeek) * 100) / 100 : 0,
      simulatedPeakLoad: m.capacityPerWeek ? Math.round(((simPeaks.get(m.id) ?? 0) / m.capacityPerWeek) * 100) / 100 : 0,
    }))
    .filter((c) => c.actual || c.simulated)
    .sort((a, b) => b.simulated - a.simulated || b.actual - a.actual || a.memberId - b.memberId);
}
