/**
 * Territory shapes prepared for fast, exact tests: each ring as a flat Float64Array
 * [lon0, lat0, lon1, lat1, ...] so the ray-casting loop touches no objects, and each part of a
 * MultiPolygon indexed on its own so a far-flung part does not widen the others' box.
 */
import type { Position } from 'geojson';
import { crosses } from '../../common/ray-casting';
import type { AreaGeometry, Bbox } from '../territories/geometry';

/**
 * One polygon: its outer ring then its holes; and, for a polygon of many edges (a département,
 * a union of communes), its edges by horizontal band, so a test reads only the edges of the
 * point's band instead of thousands (null for a few edges, where the plain loop is as fast).
 */
export interface PreparedPolygon {
  rings: Float64Array[];
  bands: Bands | null;
}

/**
 * The polygon's extent in latitude cut into `count` bands of `height`; band b's edges are
 * segments[4 * edges[i] .. + 3] for i from starts[b] to starts[b + 1] - 1 (x1, y1, x2, y2).
 */
interface Bands {
  minY: number;
  height: number;
  count: number;
  starts: Int32Array;
  edges: Int32Array;
  segments: Float64Array;
}

/** Below this many edges a polygon is tested edge by edge. */
const BANDED_FROM = 64;
/** Edges per band on average: each band holds about this many more than the point's ray crosses. */
const EDGES_PER_BAND = 8;

export function preparePolygons(geometry: AreaGeometry): PreparedPolygon[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => {
    const flat = rings.map(flattenRing);
    return { rings: flat, bands: bandsOf(flat) };
  });
}

/** Each edge listed in every band its latitude range touches, ends included. */
function bandsOf(rings: Float64Array[]): Bands | null {
  const edgeCount = rings.reduce((n, r) => n + r.length / 2, 0);
  if (edgeCount < BANDED_FROM) return null;
  const segments = new Float64Array(edgeCount * 4);
  let k = 0;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
      segments.set([ring[j]!, ring[j + 1]!, ring[i]!, ring[i + 1]!], 4 * k++);
    }
  }
  const [, minY, , maxY] = ringBbox(rings[0]!);
  const count = Math.ceil(edgeCount / EDGES_PER_BAND);
  const height = Math.max(maxY - minY, 1e-12) / count;
  const bands: Bands = { minY, height, count, starts: new Int32Array(count + 1), edges: new Int32Array(0), segments };
  const eachBand = (visit: (b: number, edge: number) => void) => {
    for (let e = 0; e < edgeCount; e++) {
      const [y1, y2] = [segments[4 * e + 1]!, segments[4 * e + 3]!];
      for (let b = bandOf(bands, Math.min(y1, y2)), last = bandOf(bands, Math.max(y1, y2)); b <= last; b++) visit(b, e);
    }
  };
  const starts = bands.starts;
  eachBand((b) => starts[b + 1]!++);
  for (let b = 1; b <= count; b++) starts[b]! += starts[b - 1]!;
  bands.edges = new Int32Array(starts[count]!);
  const fill = starts.slice(0, count);
  eachBand((b, e) => (bands.edges[fill[b]!++] = e));
  return bands;
}

/**
 * The band of latitude y, clamped: an edge straddling y (from below it to above it, or on it)
 * lies in y's band, since the same rounding orders both, whatever y (even outside the outer ring).
 */
function bandOf(bands: Bands, y: number): number {
  return Math.min(bands.count - 1, Math.max(0, Math.floor((y - bands.minY) / bands.height)));
}

function flattenRing(ring: Position[]): Float64Array {
  const flat = new Float64Array(ring.length * 2);
  ring.forEach((p, i) => {
    flat[2 * i] = p[0]!;
    flat[2 * i + 1] = p[1]!;
  });
  return flat;
}

export function ringBbox(ring: Float64Array): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < ring.length; i += 2) {
    box[0] = Math.min(box[0], ring[i]!);
    box[1] = Math.min(box[1], ring[i + 1]!);
    box[2] = Math.max(box[2], ring[i]!);
    box[3] = Math.max(box[3], ring[i + 1]!);
  }
  return box;
}

/**
 * Even-odd ray casting over the outer ring and its holes together: a point inside a hole
 * crosses the outer ring and the hole's ring, an even count, so it is outside. A banded
 * polygon reads the edges of the point's band only: an edge outside it cannot straddle the
 * point's latitude, so the count is the same.
 */
export function polygonContains(polygon: PreparedPolygon, x: number, y: number): boolean {
  const bands = polygon.bands;
  if (!bands) return ringsContain(polygon.rings, x, y);
  const b = bandOf(bands, y);
  const s = bands.segments;
  let inside = false;
  for (let i = bands.starts[b]!, end = bands.starts[b + 1]!; i < end; i++) {
    const e = 4 * bands.edges[i]!;
    if (crosses(x, y, s[e + 2]!, s[e + 3]!, s[e]!, s[e + 1]!)) inside = !inside;
  }
  return inside;
}

function ringsContain(rings: Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) if (crosses(x, y, ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) inside = !inside;
  }
  return inside;
}
