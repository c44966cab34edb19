/**
 * Who covers a point: the in-memory coverage index. Territories and member radii are bucketed
 * by bounding box in a uniform grid (grid.ts), then tested exactly (ray casting for polygons, haversine for
 * circles), about 500x faster than testing every polygon (see tests/bench/coverage.ts).
 *
 * `coverageIndexFor(db)` keeps one index per connection and rebuilds it only when the
 * network_version counter (bumped by triggers on members and territories) has moved (on
 * PostgreSQL, also when that row was written again: see NETWORK_STAMP).
 */
import type { Db } from '../db/connection';
// The same Earth radius as haversineKm, so both agree on the edge of a radius.
import { EARTH_RADIUS_KM, haversineKm, RAD } from '../geo/distance';
import type { Point } from '../geo/types';
import { circleBbox, type Bbox } from '../territories/geometry';
import { PointGrid } from './grid';
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

/** Something that covers: its box, the exact test, and the position of its member in `members`. */
export interface CoverageArea {
  bbox: Bbox;
  member: number;
  contains: (lon: number, lat: number) => boolean;
}

/** A part of a territory in the bbox index: one polygon of it, or its circle (polygon null). */
interface Part {
  territory: number;
  polygon: PreparedPolygon | null;
}

export class CoverageIndex {
  private readonly parts: Part[] = [];
  private readonly partGrid: PointGrid | null;
  /** Member positions (in `members`) that have a location and a radius, in radiusGrid order. */
  private readonly radiusMembers: number[];
  private readonly radiusGrid: PointGrid | null;
  private readonly memberPos: Map<number, number>;
  /** For each radius circle: lat, cos(lat), lon, radiusKm, flat, so the hot loop reads no objects. */
  private readonly circles: Float64Array;
  private readonly partBoxes: Bbox[] = [];
  /** cos(lat) of each member's location, for the distance of every territory hit. */
  private readonly memberCos: Float64Array;
  private areaList: CoverageArea[] | null = null;
  private readonly tBuf: number[] = [];
  private readonly rBuf: number[] = [];
  private readonly dBuf: number[] = [];

  constructor(
    readonly members: readonly CoverageMember[],
    readonly territories: readonly CoverageTerritory[],
  ) {
    this.memberPos = new Map(members.map((m, i) => [m.id, i]));
    territories.forEach((t, i) => this.addParts(t, i, this.partBoxes));
    this.partGrid = gridOf(this.partBoxes);
    this.radiusMembers = members.flatMap((m, i) => (m.lat !== null && m.lon !== null && m.radiusKm > 0 ? [i] : []));
    this.radiusGrid = gridOf(this.radiusMembers.map((i) => circleBbox(members[i] as Point, members[i]!.radiusKm)));
    this.memberCos = Float64Array.from(members, (m) => (m.lat === null ? 0 : Math.cos(m.lat * RAD)));
    this.circles = Float64Array.from(
      this.radiusMembers.flatMap((i) => {
        const m = members[i]!;
        return [m.lat!, Math.cos(m.lat! * RAD), m.lon!, m.radiusKm];
      }),
    );
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
      boxes.push(ringBbox(polygon.rings[0]!));
    }
  }

  /** Every member covering the point, once each (its best way), best coefficient first. */
  coverageAt(point: Point): CoverageHit[] {
    const hits: CoverageHit[] = [];
    const territories = this.scanTerritories(point.lon, point.lat);
    const cosLat = territories > 0 ? Math.cos(point.lat * RAD) : 0;
    for (let i = 0; i < territories; i++) hits.push(this.territoryHit(this.territories[this.tBuf[i]!]!, point, cosLat));
    const radii = this.scanRadii(point);
    for (let i = 0; i < radii; i++) {
      const member = this.members[this.rBuf[i]!]!;
      hits.push({ memberId: member.id, memberName: member.name, via: 'radius', distanceKm: this.dBuf[i]!, coefficient: member.priorityCoefficient });
    }
    return bestPerMember(hits);
  }

  /**
   * Every covering area (a territory part or a member's radius) with its box, its exact test and
   * its member's position: what batch.ts needs to test many fixed points at once. Built once.
   */
  areas(): readonly CoverageArea[] {
    this.areaList ??= [...this.parts.map((part, i) => this.partArea(part, i)), ...this.radiusMembers.map((m, r) => this.radiusArea(m, r))];
    return this.areaList;
  }

  private partArea(part: Part, i: number): CoverageArea {
    const t = this.territories[part.territory]!;
    const contains = part.polygon ? (lon: number, lat: number) => polygonContains(part.polygon!, lon, lat) : (lon: number, lat: number) => inCircle(t, lon, lat);
    return { bbox: this.partBoxes[i]!, member: this.memberPos.get(t.memberId)!, contains };
  }

  private radiusArea(member: number, r: number): CoverageArea {
    const c = this.circles;
    const contains = (lon: number, lat: number) => fastHaversineKm(c[4 * r]!, c[4 * r + 1]!, c[4 * r + 2]!, lat, Math.cos(lat * RAD), lon) <= c[4 * r + 3]! + 1e-9;
    return { bbox: circleBbox(this.members[member] as Point, this.members[member]!.radiusKm), member, contains };
  }

  /** Positions (in `territories`) of the territories containing the point. */
  territoriesAt({ lon, lat }: Point): number[] {
    return this.tBuf.slice(0, this.scanTerritories(lon, lat));
  }

  /** Positions (in `members`) of the members whose radius reaches the point, edge included. */
  radiusMembersAt(point: Point): number[] {
    return this.rBuf.slice(0, this.scanRadii(point));
  }

  /**
   * Fills tBuf with the territories containing the point, each once; returns how many. Scratch
   * buffers rather than callbacks or fresh arrays: routing and the map ask this for every point.
   */
  private scanTerritories(lon: number, lat: number): number {
    const grid = this.partGrid;
    const cell = grid ? grid.cellAt(lon, lat) : -1;
    if (cell < 0) return 0;
    let n = 0;
    for (let e = grid!.first(cell), end = grid!.end(cell); e < end; e++) {
      const p = grid!.item(e);
      if (!grid!.boxHolds(p, lon, lat)) continue;
      const part = this.parts[p]!;
      const inside = part.polygon ? polygonContains(part.polygon, lon, lat) : inCircle(this.territories[part.territory]!, lon, lat);
      if (inside && !inFirst(this.tBuf, n, part.territory)) this.tBuf[n++] = part.territory;
    }
    return n;
  }

  /** Fills rBuf and dBuf with the members whose radius reaches the point and their distances; returns how many. */
  private scanRadii(point: Point): number {
    const grid = this.radiusGrid;
    const cell = grid ? grid.cellAt(point.lon, point.lat) : -1;
    if (cell < 0) return 0;
    const cosLat = Math.cos(point.lat * RAD);
    const c = this.circles;
    let n = 0;
    for (let e = grid!.first(cell), end = grid!.end(cell); e < end; e++) {
      const r = grid!.item(e);
      if (!grid!.boxHolds(r, point.lon, point.lat)) continue;
      const d = fastHaversineKm(c[4 * r]!, c[4 * r + 1]!, c[4 * r + 2]!, point.lat, cosLat, point.lon);
      if (d <= c[4 * r + 3]! + 1e-9) {
        this.rBuf[n] = this.radiusMembers[r]!;
        this.dBuf[n++] = d;
      }
    }
    return n;
  }

  private territoryHit(t: CoverageTerritory, point: Point, cosLat: number): CoverageHit {
    const m = this.memberPos.get(t.memberId)!;
    const member = this.members[m]!;
    const distanceKm = member.lat !== null && member.lon !== null ? fastHaversineKm(member.lat, this.memberCos[m]!, member.lon, point.lat, cosLat, point.lon) : haversineKm(centreOf(t), point);
    return {
      memberId: member.id,
      memberName: member.name,
      via: 'territory',
      territoryId: t.id,
      territoryName: t.name,
      distanceKm,
      coefficient: t.priorityOverride ?? member.priorityCoefficient,
    };
  }
}

/** Whether value is among the first n items (the rest of a scratch buffer is stale). */
function inFirst(buffer: number[], n: number, value: number): boolean {
  for (let i = 0; i < n; i++) if (buffer[i] === value) return true;
  return false;
}

/**
 * One hit per member, the best; then the best members first. Hit lists are short, so no Map,
 * and an insertion sort rather than Array.sort with a comparator (a sixth of a lookup's time).
 */
function bestPerMember(hits: CoverageHit[]): CoverageHit[] {
  if (hits.length <= 1) return hits;
  const best: CoverageHit[] = [];
  for (const hit of hits) {
    let i = 0;
    while (i < best.length && best[i]!.memberId !== hit.memberId) i++;
    if (i === best.length) best.push(hit);
    else if (better(hit, best[i]!)) best[i] = hit;
  }
  for (let i = 1; i < best.length; i++) {
    const hit = best[i]!;
    let j = i - 1;
    for (; j >= 0 && bestFirst(hit, best[j]!) < 0; j--) best[j + 1] = best[j]!;
    best[j + 1] = hit;
  }
  return best;
}

function bestFirst(a: CoverageHit, b: CoverageHit): number {
  return b.coefficient - a.coefficient || a.distanceKm - b.distanceKm || a.memberId - b.memberId;
}

/** Higher coefficient wins; on a tie a drawn territory beats the radius, then the nearer. */
function better(a: CoverageHit, b: CoverageHit): boolean {
  if (a.coefficient !== b.coefficient) return a.coefficient > b.coefficient;
  if (a.via !== b.via) return a.via === 'territory';
  return a.distanceKm < b.distanceKm;
}

function inCircle(t: CoverageTerritory, lon: number, lat: number): boolean {
  if (t.shape.kind !== 'circle') return false;
  const c = t.shape.center;
  return fastHaversineKm(c.lat, Math.cos(c.lat * RAD), c.lon, lat, Math.cos(lat * RAD), lon) <= t.shape.radiusKm + 1e-9;
}

/** haversineKm with the cosines given, so the hot loops compute each once; same formula and radius. */
function fastHaversineKm(lat1: number, cos1: number, lon1: number, lat2: number, cos2: number, lon2: number): number {
  const sLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = sLat * sLat + cos1 * cos2 * sLon * sLon;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function centreOf(t: CoverageTerritory): Point {
  if (t.shape.kind === 'circle') return t.shape.center;
  const [minLon, minLat, maxLon, maxLat] = t.shape.bbox;
  return { lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2 };
}

function gridOf(boxes: Bbox[]): PointGrid | null {
  return boxes.length === 0 ? null : new PointGrid(boxes);
}

const cache = new WeakMap<Db, { version: string; index: CoverageIndex }>();

/**
 * What the cached index is checked against. A PostgreSQL server process keeps its connection
 * while the database under it may be restored from a dump (or, in tests, reset), taking the
 * counter back to a value it already had with other rows: the row's xmin (the transaction that
 * last wrote it) changes with every write, so the pair cannot repeat. A SQLite restore closes
 * the connection, and its cache with it.
 */
const NETWORK_STAMP: Record<Db['engine'], string> = {
  sqlite: 'SELECT CAST(version AS TEXT) FROM network_version WHERE id = 1',
  postgres: "SELECT version::text || ':' || xmin::text FROM network_version WHERE id = 1",
};

/** The index for this connection, rebuilt only if members or territories changed since. */
export function coverageIndexFor(db: Db): CoverageIndex {
  const version = db.prepare(NETWORK_STAMP[db.engine]).pluck().get() as string;
  const cached = cache.get(db);
  if (cached && cached.version === version) return cached.index;
  const { members, territories } = loadCoverageNetwork(db);
  const index = new CoverageIndex(members, territories);
  cache.set(db, { version, index });
  return index;
}
