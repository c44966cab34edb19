/**
 * Territories as the map draws them: levels of detail precomputed with @turf/simplify
 * (Douglas-Peucker, rings kept valid), so the first display of 5,000 territories sends and draws
 * a few points per territory instead of every vertex, and a zoomed-in view asks for its visible
 * territories at the finer level it needs. Level i's tolerance is about one screen pixel at the
 * zoom levels the renderer uses it for; the last level is the stored shape, untouched, which
 * editing always uses. Simplified shapes are kept per connection and territory, and redone
 * only for a territory whose stored shape changed.
 */
import { simplify } from '@turf/turf';
import type { Position } from 'geojson';
import type { Db } from '../db/connection';
import type { AreaGeometry } from './geometry';
import type { Territory } from './schema';
import { listTerritoriesAs } from './store';

/** Tolerances in degrees; the renderer maps zoom levels onto them (renderer/src/components/map/detail.ts). */
export const OUTLINE_TOLERANCES = [0.02, 0.005, 0.001] as const;
/** The stored shape, every vertex. */
export const FULL_DETAIL = OUTLINE_TOLERANCES.length;
/** Decimals kept at each level: a tenth of its tolerance, so the payload carries no invisible digits. */
const DECIMALS = [3, 4, 5];

/** The levels simplified so far for one territory, valid while its stored text is `source`. */
interface Cached {
  source: string;
  levels: (AreaGeometry | null)[];
}

const caches = new WeakMap<Db, Map<number, Cached>>();

/**
 * The territories (those of members not archived, in listTerritories' order) with their shape at
 * `level`; only those in `ids` when given. Circles are sent as they are at every level. A stored
 * shape is parsed only when its level is not cached yet (the text compared, not a timestamp:
 * undo can restore a shape within the same millisecond).
 */
export function territoryOutlines(db: Db, level: number, ids?: readonly number[]): Outline[] {
  const wanted = ids ? new Set(ids) : null;
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const known = cache;
  const parse = (text: string) => JSON.parse(text) as AreaGeometry;
  const all = listTerritoriesAs(db, (id, text) => {
    if (wanted && !wanted.has(id)) return null; // filtered out below, never parsed
    if (level >= FULL_DETAIL) return parse(text);
    let entry = known.get(id);
    if (!entry || entry.source !== text) known.set(id, (entry = { source: text, levels: [] }));
    return (entry.levels[level] ??= simplified(parse(text), level));
  });
  return (wanted ? all.filter((t) => wanted.has(t.id)) : all).map(outlineOf);
}

/** What the map needs of a territory, nothing more: 5,000 of them are sent at once. */
export type Outline = Pick<Territory, 'id' | 'memberId' | 'name' | 'kind' | 'geometry' | 'center' | 'radiusKm' | 'priorityOverride' | 'bbox' | 'version'>;

function outlineOf({ id, memberId, name, kind, geometry, center, radiusKm, priorityOverride, bbox, version }: Territory): Outline {
  // The box rounded outwards to 1e-4° (about 10 m): still around the shape, and half the digits.
  const [w, s, e, n] = bbox;
  return {
    id,
    memberId,
    name,
    kind,
    geometry,
    center,
    radiusKm,
    priorityOverride,
    version,
    bbox: [Math.floor(w * 1e4) / 1e4, Math.floor(s * 1e4) / 1e4, Math.ceil(e * 1e4) / 1e4, Math.ceil(n * 1e4) / 1e4],
  };
}

function simplified(geometry: AreaGeometry, level: number): AreaGeometry {
  const tolerance = OUTLINE_TOLERANCES[level]!;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  // Holes smaller than the tolerance would not show; dropping them spares turf's retries on rings it cannot simplify.
  const kept = polygons.map((rings) => rings.filter((ring, i) => i === 0 || extent(ring) >= tolerance));
  const simple = simplify({ type: 'MultiPolygon', coordinates: kept }, { tolerance, highQuality: false, mutate: true }).coordinates;
  const rounded = simple.map((rings) => rings.map((ring) => ring.map((p) => [round(p[0]!, DECIMALS[level]!), round(p[1]!, DECIMALS[level]!)])));
  return geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: rounded[0]! } : { type: 'MultiPolygon', coordinates: rounded };
}

function extent(ring: Position[]): number {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    minX = Math.min(minX, x!);
    maxX = Math.max(maxX, x!);
    minY = Math.min(minY, y!);
    maxY = Math.max(maxY, y!);
  }
  return Math.max(maxX - minX, maxY - minY);
}

function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}
