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

/** An outline that crosses itself near (0.7, 47.4): a bow tie, refused wherever a territory comes in. */
export const BOW_TIE: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0.6, 47.3],
      [0.8, 47.5],
      [0.8, 47.3],
      [0.6, 47.5],
      [0.6, 47.3],
    ],
  ],
};

export function setupNetwork() {
  const ctx = testContext();
  const api = caller(ctx);
  const member = (name: string, extra: Record<string, unknown> = {}) => api.call('members.create', { ...validMember, name, ...extra });
  return { ctx, ...api, member };
}
