/**
 * Who covers a point: the in-memory coverage index. Territories and member radii are indexed
 * by bounding box with flatbush, then tested exactly (ray casting for polygons, haversine for
 * circles), about 500x faster than testing every polygon (see tests/bench/coverage.ts).
 *
 * `coverageIndexFor(db)` keeps one index per connection and rebuilds it only when the
 * network_version counter (bumped by triggers on members and territories) has moved.
 */
import Flatbush from 'flatbush';
import type { Db } from '../db/connection';
import { haversineKm } from '../geo/distance';
import type { Point } from '../geo/types';
import { circleBbox, type Bbox } from '../territories/geometry';
import { loadCoverageNetwork, type CoverageMember, type CoverageTerritory } from './network';
import { polygonContains, preparePolygons, ringBbox, type PreparedPolygon } from './shapes';

export type { CoverageMember, CoverageTerritory } from './network';

/** One member covering a point; the shape routing's CoverageHit expects, plus names for people. */
export interface CoverageHit {
  memberId: number;
  memberName: string;
  via: 'territory' | 'radius';
  territoryId?: number;
  territoryName?: string;
  /** From the member's location to the point (from the territory's centre when the member has no location). */
  distanceKm: number;
  /** The territory's priority override, or the member's coefficient. */
  coefficient: number;
}

/** A part of a territory in the bbox index: one polygon of it, or its circle (polygon null). */
interface Part {
  territory: number;
  polygon: PreparedPolygon | null;
}

export class CoverageIndex {
  private readonly parts: Part[] = [];
  private readonly partIndex: Flatbush | null;
  /** Member positions (in `members`) that have a location and a radius, in radiusIndex order. */
  private readonly radiusMembers: number[];
  private readonly radiusIndex: Flatbush | null;
  private readonly memberPos: Map<number, number>;

  constructor(
    readonly members: readonly CoverageMember[],
    readonly territories: readonly CoverageTerritory[],
  ) {
    this.memberPos = new Map(members.map((m, i) => [m.id, i]));
    const boxes: Bbox[] = [];
    territories.forEach((t, i) => this.addParts(t, i, boxes));
    this.partIndex = buildIndex(boxes);
    this.radiusMembers = members.flatMap((m, i) => (m.lat !== null && m.lon !== null && m.radiusKm > 0 ? [i] : []));
    this.radiusIndex = buildIndex(this.radiusMembers.map((i) => circleBbox(members[i] as Point, members[i]!.radiusKm)));
  }

  private addParts(t: CoverageTerritory, territory: number, boxes: Bbox[]): void {
    if (!this.memberPos.has(t.memberId)) return; // its member is inactive or archived
    if (t.shape.kind === 'circle') {
      this.parts.push({ territory, polygon: null });
      boxes.push(t.shape.bbox);
      return;
    }
    for (const polygon of preparePolygons(t.shape.geometry)) {
      this.parts.push({ territory, polygon });
      boxes.push(ringBbox(polygon[0]!));
    }
  }

  /** Every member covering the point, once each (its best way), best coefficient first. */
  coverageAt(point: Point): CoverageHit[] {
    const best = new Map<number, CoverageHit>();
    const keep = (hit: CoverageHit) => {
      const current = best.get(hit.memberId);
      if (!current || better(hit, current)) best.set(hit.memberId, hit);
    };
    for (const t of this.territoriesAt(point)) keep(this.territoryHit(this.territories[t]!, point));
    for (const m of this.radiusMembersAt(point)) keep(this.radiusHit(this.members[m]!, point));
    return [...best.values()].sort((a, b) => b.coefficient - a.coefficient || a.distanceKm - b.distanceKm || a.memberId - b.memberId);
  }

  /** Positions (in `members`) of every member covering the point, once each, ascending: what the analysis groups by. */
  memberPositionsAt(point: Point): number[] {
    const found = this.radiusMembersAt(point);
    for (const t of this.territoriesAt(point)) {
      const m = this.memberPos.get(this.territories[t]!.memberId)!;
      if (!found.includes(m)) found.push(m);
    }
    return found.length > 1 ? found.sort((a, b) => a - b) : found;
  }

  /** Positions (in `territories`) of the territories containing the point. */
  territoriesAt({ lon, lat }: Point): number[] {
    if (!this.partIndex) return [];
    const found: number[] = [];
    for (const p of this.partIndex.search(lon, lat, lon, lat)) {
      const part = this.parts[p]!;
      if (found.includes(part.territory)) continue;
      const inside = part.polygon ? polygonContains(part.polygon, lon, lat) : inCircle(this.territories[part.territory]!, lon, lat);
      if (inside) found.push(part.territory);
    }
    return found;
  }

  /** Positions (in `members`) of the members whose radius reaches the point, edge included. */
  radiusMembersAt(point: Point): number[] {
    if (!this.radiusIndex) return [];
    const found: number[] = [];
    for (const r of this.radiusIndex.search(point.lon, point.lat, point.lon, point.lat)) {
      const m = this.radiusMembers[r]!;
      const member = this.members[m]!;
      if (haversineKm(member as Point, point) <= member.radiusKm + 1e-9) found.push(m);
    }
    return found;
  }

  private territoryHit(t: CoverageTerritory, point: Point): CoverageHit {
    const member = this.members[this.memberPos.get(t.memberId)!]!;
    const from = member.lat !== null && member.lon !== null ? (member as Point) : centreOf(t);
    return {
      memberId: member.id,
      memberName: member.name,
      via: 'territory',
      territoryId: t.id,
      territoryName: t.name,
      distanceKm: haversineKm(from, point),
      coefficient: t.priorityOverride ?? member.priorityCoefficient,
    };
  }

  private radiusHit(member: CoverageMember, point: Point): CoverageHit {
    return { memberId: member.id, memberName: member.name, via: 'radius', distanceKm: haversineKm(member as Point, point), coefficient: member.priorityCoefficient };
  }
}

/** Higher coefficient wins; on a tie a drawn territory beats the radius, then the nearer. */
function better(a: CoverageHit, b: CoverageHit): boolean {
  if (a.coefficient !== b.coefficient) return a.coefficient > b.coefficient;
  if (a.via !== b.via) return a.via === 'territory';
  return a.distanceKm < b.distanceKm;
}

function inCircle(t: CoverageTerritory, lon: number, lat: number): boolean {
  return t.shape.kind === 'circle' && haversineKm(t.shape.center, { lat, lon }) <= t.shape.radiusKm + 1e-9;
}

function centreOf(t: CoverageTerritory): Point {
  if (t.shape.kind === 'circle') return t.shape.center;
  const [minLon, minLat, maxLon, maxLat] = t.shape.bbox;
  return { lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2 };
}

function buildIndex(boxes: Bbox[]): Flatbush | null {
  if (boxes.length === 0) return null; // flatbush refuses an empty index
  const index = new Flatbush(boxes.length);
  for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
  index.finish();
  return index;
}

const cache = new WeakMap<Db, { version: number; index: CoverageIndex }>();

/** The index for this connection, rebuilt only if members or territories changed since. */
export function coverageIndexFor(db: Db): CoverageIndex {
  const version = db.prepare('SELECT version FROM network_version WHERE id = 1').pluck().get() as number;
  const cached = cache.get(db);
  if (cached && cached.version === version) return cached.index;
  const { members, territories } = loadCoverageNetwork(db);
  const index = new CoverageIndex(members, territories);
  cache.set(db, { version, index });
  return index;
}
