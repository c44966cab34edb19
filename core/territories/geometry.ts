/**
 * Turns what a user drew or imported into a territory shape the coverage index can trust:
 * rings closed, altitudes dropped, repeated points removed, and refused with one clear sentence
 * when it cannot be a territory (bad GeoJSON, fewer than 3 points, outside France, an outline
 * that crosses itself). Nothing is stored unless this passes.
 */
import { getIssues } from '@placemarkio/check-geojson';
// The two turf modules needed, not @turf/turf: loading all of turf costs every start-up a few hundred ms.
import { kinks } from '@turf/kinks';
import { polygon as turfPolygon } from '@turf/helpers';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { fieldError, type AppError } from '../commands/errors';
import { tr } from '../language';
import type { Point } from '../geo/types';
import { inFrance } from './france';

export type Bbox = [minLon: number, minLat: number, maxLon: number, maxLat: number];
export type AreaGeometry = Polygon | MultiPolygon;
export type Shape = { kind: 'polygon'; geometry: AreaGeometry; bbox: Bbox } | { kind: 'circle'; center: Point; radiusKm: number; bbox: Bbox };

export const MAX_CIRCLE_KM = 300;
const KM_PER_DEGREE = 111.195;

function refuse(en: string, fr: string): AppError {
  return fieldError('invalid_input', 'geometry', tr(en, fr));
}

/** A Polygon or MultiPolygon geometry, or a Feature carrying one. */
export function polygonShape(raw: unknown): Shape {
  const geometry = isObject(raw) && raw.type === 'Feature' ? raw.geometry : raw;
  if (!isObject(geometry) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) throw notAnArea(geometry);
  if (!Array.isArray(geometry.coordinates)) {
    assertValidGeoJson(geometry);
    throw notAnArea(geometry);
  }
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as unknown[];
  const closed = polygons.map((p) => (Array.isArray(p) ? p.map(closeRing) : p));
  closed.forEach((p) => Array.isArray(p) && p.forEach(assertEnoughPoints));
  const candidate = geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: closed[0] } : { type: 'MultiPolygon', coordinates: closed };
  assertValidGeoJson(candidate);
  const clean = (closed as Position[][][]).map((rings) => rings.map(tidyRing));
  clean.forEach((rings) => rings.forEach(assertInFrance));
  clean.forEach(assertNoKinks);
  const area: AreaGeometry = clean.length === 1 && geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: clean[0]! } : { type: 'MultiPolygon', coordinates: clean };
  return { kind: 'polygon', geometry: area, bbox: bboxOf(clean) };
}

export function circleShape(center: Point, radiusKm: number): Shape {
  if (!(radiusKm > 0 && radiusKm <= MAX_CIRCLE_KM)) {
    throw fieldError('invalid_input', 'radiusKm', tr(`A circle's radius is between 0 and ${MAX_CIRCLE_KM} km.`, `Le rayon d’un cercle est compris entre 0 et ${MAX_CIRCLE_KM} km.`));
  }
  if (!inFrance(center.lon, center.lat)) throw outsideFrance([center.lon, center.lat]);
  return { kind: 'circle', center, radiusKm, bbox: circleBbox(center, radiusKm) };
}

/** The box around a circle on the sphere, widened in longitude at the latitude nearest the pole. */
export function circleBbox(center: Point, radiusKm: number): Bbox {
  const dLat = radiusKm / KM_PER_DEGREE;
  const poleward = Math.min(89, Math.abs(center.lat) + dLat);
  const dLon = radiusKm / (KM_PER_DEGREE * Math.cos((poleward * Math.PI) / 180));
  return [center.lon - dLon, center.lat - dLat, center.lon + dLon, center.lat + dLat];
}

function notAnArea(geometry: unknown): AppError {
  const type = isObject(geometry) ? String(geometry.type) : typeof geometry;
  if (isObject(geometry) && ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'GeometryCollection'].includes(type)) {
    return refuse(`A territory is a Polygon or a MultiPolygon, not a ${type}.`, `Une zone est un Polygon ou un MultiPolygon, pas un ${type}.`);
  }
  return refuse(
    `Invalid GeoJSON: expected a Polygon or MultiPolygon geometry (got ${type.slice(0, 40)}).`,
    `GeoJSON invalide : un Polygon ou un MultiPolygon était attendu (reçu ${type.slice(0, 40)}).`,
  );
}

/** Users and tools often leave the last point off; GeoJSON wants it repeated. */
function closeRing(ring: unknown): unknown {
  if (!Array.isArray(ring) || ring.length < 2 || !ring.every(isPosition)) return ring;
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

function assertEnoughPoints(ring: unknown): void {
  if (!Array.isArray(ring) || !ring.every(isPosition)) return; // check-geojson names the problem
  const distinct = new Set(ring.map((p: Position) => `${p[0]},${p[1]}`)).size;
  if (distinct < 3) {
    throw refuse(`An outline needs at least 3 distinct points (this one has ${distinct}).`, `Un contour a besoin d’au moins 3 points distincts (celui-ci en a ${distinct}).`);
  }
}

function assertValidGeoJson(geometry: object): void {
  const messages = [...new Set(getIssues(JSON.stringify(geometry)).map((i) => i.message))];
  if (messages.length) throw refuse(`Invalid GeoJSON: ${messages.join(' ')}`, `GeoJSON invalide : ${messages.join(' ')}`);
}

/** Drops altitudes and points repeated in a row (they make kinks report false crossings). */
function tidyRing(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push([p[0]!, p[1]!]);
  }
  return out;
}

function assertInFrance(ring: Position[]): void {
  const outside = ring.find((p) => !inFrance(p[0]!, p[1]!));
  if (outside) throw outsideFrance(outside);
}

function outsideFrance(p: Position): AppError {
  const at = `${p[0]}, ${p[1]}`;
  return refuse(
    `The point ${at} (longitude, latitude) is outside France and its overseas départements. Coordinates must be WGS84 degrees, longitude first.`,
    `Le point ${at} (longitude, latitude) est hors de France et des départements d’outre-mer. Les coordonnées doivent être en degrés WGS84, longitude d’abord.`,
  );
}

function assertNoKinks(rings: Position[][]): void {
  const crossing = kinks(turfPolygon(rings)).features[0];
  if (!crossing) return;
  const [lon, lat] = crossing.geometry.coordinates.map((c) => Math.round(c * 1e5) / 1e5);
  throw refuse(`The outline crosses itself near ${lon}, ${lat}; redraw it without crossings.`, `Le contour se croise près de ${lon}, ${lat} ; redessinez-le sans croisement.`);
}

/** The box of the outer rings (holes lie inside them). */
function bboxOf(polygons: Position[][][]): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const outer of polygons.map((rings) => rings[0] ?? [])) {
    for (const [lon, lat] of outer as [number, number][]) {
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
  }
  return box;
}

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
