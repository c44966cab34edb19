/**
 * Where a territory may lie: boxes around metropolitan France with Corsica and around each
 * overseas département. Rough on purpose: they catch swapped lat/lon, a missing minus sign or
 * a file in another projection (Lambert-93 metres), not a border drawn a few km off.
 */
export interface Box {
  name: string;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export const FRANCE_BOXES: readonly Box[] = [
  { name: 'Metropolitan France and Corsica', minLon: -5.5, minLat: 41, maxLon: 10, maxLat: 51.5 },
  { name: 'Guadeloupe', minLon: -62, minLat: 15.7, maxLon: -60.8, maxLat: 16.7 },
  { name: 'Martinique', minLon: -61.4, minLat: 14.2, maxLon: -60.7, maxLat: 15 },
  { name: 'Guyane', minLon: -54.8, minLat: 1.9, maxLon: -51.4, maxLat: 6 },
  { name: 'La Réunion', minLon: 55.1, minLat: -21.5, maxLon: 56, maxLat: -20.8 },
  { name: 'Mayotte', minLon: 44.9, minLat: -13.1, maxLon: 45.4, maxLat: -12.5 },
];

export function inFrance(lon: number, lat: number): boolean {
  return FRANCE_BOXES.some((b) => lon >= b.minLon && lon <= b.maxLon && lat >= b.minLat && lat <= b.maxLat);
}
