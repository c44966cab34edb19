/** Shapes and members shared by the territories and coverage tests (around Tours, 47.39 N 0.69 E). */
import type { Polygon, Position } from 'geojson';
import { caller, testContext, validMember } from '../test-support';

export const TOURS = { lat: 47.39, lon: 0.69 };

/** A square ring of `size` degrees whose south-west corner is (lon, lat). */
export function squareRing(lon: number, lat: number, size: number): Position[] {
  return [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
}

export function square(lon: number, lat: number, size: number): Polygon {
  return { type: 'Polygon', coordinates: [squareRing(lon, lat, size)] };
}

export function setupNetwork() {
  const ctx = testContext();
  const api = caller(ctx);
  const member = (name: string, extra: Record<string, unknown> = {}) => api.call('members.create', { ...validMember, name, ...extra });
  return { ctx, ...api, member };
}
