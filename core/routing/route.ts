/**
 * The routing decision, as a pure function: lead + network snapshot + settings + now ->
 * every candidate considered (why it is in or out, its score broken down by factor) and the
 * outcome. Same inputs, same result: ties go to the member who received a lead least recently,
 * then to the lower member id, never to insertion order or chance.
 */
import { EARTH_RADIUS_KM, haversineKm, RAD } from '../geo/distance';
import type { RoutingSettings } from './settings';
import type { Candidate, CoverageHit, Decision, ExclusionReason, MemberSnapshot, NetworkSnapshot, Outcome, RoutingLead, ScoreFactor } from './types';

const EPSILON = 1e-9;

/** How a candidate reaches the lead: through coverage, or as the nearest member of a white zone. */
interface Reach {
  via: Candidate['via'];
  territoryName?: string;
  distanceKm: number;
  coefficient: number;
}

export function route(lead: RoutingLead, network: NetworkSnapshot, settings: RoutingSettings, now: number): Decision {
  // Said in every decision where the product rule applies, so no lead is unroutable without a word.
  const unknownProduct = settings.requireProductMatch ? lead.unknownProduct : null;
  if (!lead.point) {
    return { outcome: { kind: 'head_office', reason: 'no_location' }, whiteZone: false, candidates: [], decidedAt: now, unknownProduct };
  }
  const hits = bestHitPerMember(network.cover(lead.point));
  const whiteZone = hits.length === 0;
  if (unknownProduct && settings.unknownProduct === 'head_office') {
    return { outcome: { kind: 'head_office', reason: 'unknown_product' }, whiteZone, candidates: [], decidedAt: now, unknownProduct };
  }
  if (whiteZone && settings.whiteZone.policy === 'head_office') {
    return { outcome: { kind: 'head_office', reason: 'white_zone' }, whiteZone, candidates: [], decidedAt: now, unknownProduct };
  }
  // Plain loops: this runs for every lead of a bulk dispatch or a simulation.
  const candidates: Candidate[] = [];
  if (whiteZone) {
    for (const m of nearestMembers(network, lead.point, settings.whiteZone.maxKm)) {
      candidates.push(evaluate(m.member, { via: 'nearest', distanceKm: m.distanceKm, coefficient: m.member.priorityCoefficient }, lead, network, settings));
    }
  } else {
    for (const h of hits) {
      const member = network.members.get(h.memberId);
      if (member) candidates.push(evaluate(member, h, lead, network, settings));
    }
  }
  rank(candidates, network);
  return { outcome: outcomeOf(candidates, settings, whiteZone), whiteZone, candidates, decidedAt: now, unknownProduct };
}

/**
 * A member covered twice (two territories, or territory and radius) counts once, by its best
 * coefficient then nearest. Hit lists are a few long, so a scan rather than a Map per lead.
 */
function bestHitPerMember(hits: CoverageHit[]): CoverageHit[] {
  if (hits.length < 2) return hits;
  const best: CoverageHit[] = [];
  for (const h of hits) {
    let i = 0;
    while (i < best.length && best[i]!.memberId !== h.memberId) i++;
    const current = best[i];
    if (!current || h.coefficient > current.coefficient || (h.coefficient === current.coefficient && h.distanceKm < current.distanceKm)) best[i] = h;
  }
  return best;
}

/** A degree of latitude is about 111 km anywhere: members further north or south than that need no exact distance. */
const KM_PER_DEGREE_LAT = 110.5;

function nearestMembers(network: NetworkSnapshot, point: { lat: number; lon: number }, maxKm: number) {
  const found: { member: MemberSnapshot; distanceKm: number }[] = [];
  const maxDegreesLat = maxKm / KM_PER_DEGREE_LAT;
  const maxLon = maxDegreesLon(point.lat, maxKm, maxDegreesLat);
  for (const member of network.members.values()) {
    if (member.lat === null || member.lon === null || Math.abs(member.lat - point.lat) > maxDegreesLat) continue;
    const dLon = Math.abs(member.lon - point.lon);
    if (Math.min(dLon, 360 - dLon) > maxLon) continue;
    const distanceKm = haversineKm(point, { lat: member.lat, lon: member.lon });
    if (distanceKm <= maxKm) found.push({ member, distanceKm });
  }
  return found;
}

/**
 * The widest difference of longitude, in degrees, at which a member within maxKm of a point at
 * `lat` may lie, its latitude within maxDegreesLat of it; widened a little, so the exact distance
 * decides at the edge. The haversine's term cos(lat) cos(lat') hav(dLon) alone must stay under
 * hav(maxKm / R), and cos(lat') is at least the cosine of the farthest latitude allowed.
 */
function maxDegreesLon(lat: number, maxKm: number, maxDegreesLat: number): number {
  const cosProduct = Math.cos(lat * RAD) * Math.cos(Math.min(90, Math.abs(lat) + maxDegreesLat) * RAD);
  const s = Math.sin(maxKm / EARTH_RADIUS_KM / 2);
  const ratio = (s * s) / cosProduct;
  if (!(ratio < 1)) return 180;
  return ((2 * Math.asin(Math.sqrt(ratio))) / RAD) * 1.001 + 1e-9;
}

function exclusion(member: MemberSnapshot, lead: RoutingLead, network: NetworkSnapshot, settings: RoutingSettings): ExclusionReason | null {
  if (!member.active) return 'inactive';
  for (const a of member.absences) if (a.startsOn <= network.today && network.today <= a.endsOn) return 'absent';
  if (lead.excludedMemberIds.includes(member.id)) return 'already_declined';
  if (settings.requireProductMatch && lead.product && !member.productLines.includes(lead.product)) return 'product_mismatch';
  if (settings.excludeOverCapacity && member.loadThisWeek >= member.capacityPerWeek) return 'over_capacity';
  return null;
}

function evaluate(member: MemberSnapshot, hit: Reach, lead: RoutingLead, network: NetworkSnapshot, settings: RoutingSettings): Candidate {
  const excluded = exclusion(member, lead, network, settings);
  return {
    memberId: member.id,
    memberName: member.name,
    via: hit.via,
    territoryName: hit.territoryName ?? null,
    distanceKm: round(hit.distanceKm, 1),
    coefficient: hit.coefficient,
    loadThisWeek: member.loadThisWeek,
    capacityPerWeek: member.capacityPerWeek,
    excluded,
    score: null,
    factors: excluded ? [] : factors(member, hit, settings),
    rank: null,
  };
}

/** Each factor is between 0 and 1; the coefficient counts relative to 10, the top of its range. */
function factors(member: MemberSnapshot, hit: Reach, settings: RoutingSettings): ScoreFactor[] {
  const w = settings.weights;
  return [
    factor('priority', Math.min(1, hit.coefficient / 10), w.priority),
    factor('distance', Math.max(0, 1 - hit.distanceKm / settings.distanceScaleKm), w.distance),
    factor('load', member.capacityPerWeek > 0 ? Math.max(0, 1 - member.loadThisWeek / member.capacityPerWeek) : 0, w.load),
    factor('conversion', member.conversionRate ?? 0, w.conversion),
  ];
}

function factor(name: ScoreFactor['factor'], value: number, weight: number): ScoreFactor {
  return { factor: name, value: round(value, 4), weight, points: round(value * weight, 4) };
}

function rank(candidates: Candidate[], network: NetworkSnapshot): void {
  for (const c of candidates) {
    if (c.excluded) continue;
    const [p, d, l, v] = c.factors as [ScoreFactor, ScoreFactor, ScoreFactor, ScoreFactor];
    c.score = round(p.points + d.points + l.points + v.points, 4);
  }
  // Insertion sort: a handful of candidates, and no comparator closure to create for every lead.
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i]!;
    let j = i - 1;
    while (j >= 0 && before(c, candidates[j]!, network)) {
      candidates[j + 1] = candidates[j]!;
      j--;
    }
    candidates[j + 1] = c;
  }
  for (let i = 0; i < candidates.length; i++) if (candidates[i]!.score !== null) candidates[i]!.rank = i + 1;
}

/** Scored before excluded; higher score; on a tie, the member who received a lead least recently, then the lower id. */
function before(a: Candidate, b: Candidate, network: NetworkSnapshot): boolean {
  if (a.score === null || b.score === null) return a.score === null ? b.score === null && a.memberId < b.memberId : b.score === null;
  if (Math.abs(a.score - b.score) > EPSILON) return a.score > b.score;
  const lastA = network.members.get(a.memberId)?.lastAssignedAt ?? -Infinity;
  const lastB = network.members.get(b.memberId)?.lastAssignedAt ?? -Infinity;
  return lastA !== lastB ? lastA < lastB : a.memberId < b.memberId;
}

function outcomeOf(candidates: Candidate[], settings: RoutingSettings, whiteZone: boolean): Outcome {
  // Ranked candidates come first, in rank order.
  const first = candidates[0]?.rank != null ? candidates[0] : undefined;
  if (settings.mode === 'pull' || (whiteZone && settings.whiteZone.policy === 'pool')) {
    if (!first) return { kind: 'head_office', reason: 'no_eligible_member' };
    const memberIds: number[] = [];
    for (const c of candidates) if (c.rank !== null) memberIds.push(c.memberId);
    return { kind: 'pool', memberIds };
  }
  if (!first) return { kind: 'head_office', reason: whiteZone ? 'white_zone' : 'no_eligible_member' };
  return { kind: 'member', memberId: first.memberId };
}

/** 10 ** digits for the digits routing rounds to: `10 ** digits` is a call to Math.pow, made ten times per candidate (a sixth of routing's time). */
const SCALES = [1, 10, 100, 1_000, 10_000];

function round(n: number, digits: 1 | 4): number {
  const f = SCALES[digits]!;
  return Math.round(n * f) / f;
}
