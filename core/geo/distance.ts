/** Great-circle distance on a spherical Earth: good to a few metres at the scale of France. */
import type { Point } from './types';

export const EARTH_RADIUS_KM = 6371.0088;
/** Radians per degree. */
export const RAD = Math.PI / 180;

export function haversineKm(a: Point, b: Point): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
