/**
 * A reproducible random network for the coverage and routing benches (star-shaped polygons,
 * always simple, over France), and the naive lookup they are measured against.
 */
import { booleanPointInPolygon } from '@turf/turf';
import type { Position } from 'geojson';
import { haversineKm } from '../../core/geo/distance';
import type { Point } from '../../core/geo/types';
import type { CoverageMember, CoverageTerritory } from '../../core/coverage/index';
import type { Db } from '../../core/db/connection';
import { insertMember } from '../../core/members/store';
import { insertTerritory } from '../../core/territories/store';
import { newMemberValues } from '../../common/members';

const LON = [-4.5, 7.5] as const;
const LAT = [43, 50.5] as const;

/** mulberry32: small, fast and the same on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomPoints(rand: () => number, n: number): Point[] {
  return Array.from({ length: n }, () => ({ lon: LON[0] + rand() * (LON[1] - LON[0]), lat: LAT[0] + rand() * (LAT[1] - LAT[0]) }));
}

/** Vertices at increasing angles around a centre with jittered radii: irregular but never self-crossing. */
function starRing(rand: () => number, c: Point, radius: number, jitter: number): Position[] {
  const n = 6 + Math.floor(rand() * 6);
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * i) / n;
    const r = radius * (1 - jitter + rand() * jitter);
    ring.push([c.lon + r * Math.cos(angle) * 1.45, c.lat + r * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return ring;
}

function bboxOf(ring: Position[]): [number, number, number, number] {
  const lons = ring.map((p) => p[0]!);
  const lats = ring.map((p) => p[1]!);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

export function randomNetwork(rand: () => number, territoryCount: number, radiusCount: number) {
  const memberCount = Math.max(radiusCount, Math.ceil(territoryCount / 5));
  const members: CoverageMember[] = randomPoints(rand, memberCount).map((p, i) => ({
    id: i + 1,
    name: `Member ${i + 1}`,
    ...(i < radiusCount ? p : { lat: null, lon: null }),
    radiusKm: i < radiusCount ? 10 + rand() * 50 : 0,
    priorityCoefficient: 0.5 + rand() * 2,
  }));
  const territories: CoverageTerritory[] = randomPoints(rand, territoryCount).map((c, i) => {
    const radius = 0.03 + rand() * 0.08; // 3 to 12 km across: 5,000 of them tile France about twice over
    const outer = starRing(rand, c, radius, 0.4);
    const rings = i % 10 === 0 ? [outer, starRing(rand, c, radius * 0.3, 0.2).reverse()] : [outer];
    return {
      id: i + 1,
      memberId: 1 + (i % memberCount),
      name: `Territory ${i + 1}`,
      priorityOverride: i % 7 === 0 ? 3 : null,
      shape: { kind: 'polygon', geometry: { type: 'Polygon', coordinates: rings }, bbox: bboxOf(outer) },
    };
  });
  return { members, territories };
}

/**
 * Territories drawn as real ones are (a département, a union of communes): `count` large
 * polygons of `vertices` vertices each, their outlines wavering, tiling France in a grid;
 * every tenth with a hole.
 */
export function largeTerritories(count: number, vertices: number, memberIds: number): CoverageTerritory[] {
  const columns = Math.ceil(Math.sqrt(count * 1.6));
  const rows = Math.ceil(count / columns);
  const width = (LON[1] - LON[0]) / columns;
  const height = (LAT[1] - LAT[0]) / rows;
  const wavy = (lon: number, lat: number, radius: number, n: number): Position[] => {
    const ring: Position[] = [];
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * k) / n;
      const r = radius * (0.85 + 0.1 * Math.sin(17 * a) + 0.05 * Math.sin(131 * a));
      ring.push([lon + r * Math.cos(a) * 1.45, lat + r * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    return ring;
  };
  return Array.from({ length: count }, (_, i) => {
    const lon = LON[0] + ((i % columns) + 0.5) * width;
    const lat = LAT[0] + (Math.floor(i / columns) + 0.5) * height;
    const outer = wavy(lon, lat, height * 0.6, vertices);
    const rings = i % 10 === 0 ? [outer, wavy(lon, lat, height * 0.15, vertices / 10).reverse()] : [outer];
    return {
      id: i + 1,
      memberId: 1 + (i % memberIds),
      name: `Territory ${i + 1}`,
      priorityOverride: null,
      shape: { kind: 'polygon', geometry: { type: 'Polygon', coordinates: rings }, bbox: bboxOf(outer) },
    };
  });
}

/**
 * The rival of the coverage index: what a competent developer writes first, a loop over every
 * territory that skips those whose stored bounding box excludes the point before the exact test.
 */
export function territoriesContaining(territories: readonly CoverageTerritory[], p: Point): CoverageTerritory[] {
  const found: CoverageTerritory[] = [];
  for (const t of territories) {
    const [west, south, east, north] = t.shape.bbox;
    if (p.lon < west || p.lon > east || p.lat < south || p.lat > north) continue;
    const inside = t.shape.kind === 'polygon' ? booleanPointInPolygon([p.lon, p.lat], t.shape.geometry) : haversineKm(t.shape.center, p) <= t.shape.radiusKm;
    if (inside) found.push(t);
  }
  return found;
}

/** Writes the network into `db` in one transaction: each member (named M<id>, placed in Tours for its postal address) keeps its id, point, radius and coefficient. */
export function writeNetwork(db: Db, members: CoverageMember[], territories: CoverageTerritory[]): void {
  db.transaction(() => {
    for (const m of members) {
      const fields = { ...newMemberValues(), name: `M${m.id}`, postalCode: '37000', city: 'Tours', lat: m.lat, lon: m.lon, priorityCoefficient: m.priorityCoefficient, radiusKm: m.radiusKm };
      insertMember(db, fields, '37', 0);
    }
    for (const t of territories) insertTerritory(db, { memberId: t.memberId, name: t.name, priorityOverride: t.priorityOverride, shape: t.shape }, 0);
  })();
}
