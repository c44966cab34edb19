/**
 * Demo territories: most demo members get a drawn zone around their town (a few get two, one
 * with its own priority coefficient), the rest work by intervention radius only, so the demo
 * map shows overlaps between neighbours and white zones in between. Deterministic.
 */
import type { Context } from '../commands/define';
import { dispatch } from '../commands/dispatch';
import { listMembers } from '../members/store';
import { clear as clearMapHistory } from '../territories/history';

const KM_PER_DEGREE_LAT = 111.2;
const SECTORS = ['Centre', 'Nord', 'Sud', 'Est', 'Ouest'];

/** An irregular polygon of `n` vertices around a point, radius varying by vertex (no self-intersection: angles increase). */
export function zoneAround(lat: number, lon: number, radiusKm: number, seed: number, n = 9): number[][] {
  const kmPerDegreeLon = KM_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180);
  const ring = Array.from({ length: n }, (_, i) => {
    const angle = (2 * Math.PI * i) / n;
    const r = radiusKm * (0.75 + 0.45 * Math.abs(Math.sin(seed * 1.7 + i * 2.3)));
    return [round(lon + (r * Math.cos(angle)) / kmPerDegreeLon), round(lat + (r * Math.sin(angle)) / KM_PER_DEGREE_LAT)];
  });
  return [...ring, ring[0]!];
}

function round(n: number): number {
  return Math.round(n * 1e5) / 1e5;
}

export function seedDemoTerritories(ctx: Context): number {
  let created = 0;
  for (const [i, m] of listMembers(ctx.db, false).entries()) {
    if (m.lat === null || m.lon === null || i % 4 === 3) continue; // every fourth member: radius only
    const zones = i % 7 === 0 ? 2 : 1;
    for (let z = 0; z < zones; z++) {
      const shift = z === 0 ? 0 : 0.35;
      const result = dispatch(ctx, 'territories.create', {
        memberId: m.id,
        name: `${m.city} ${SECTORS[(i + z) % SECTORS.length]}`,
        kind: 'polygon',
        geometry: { type: 'Polygon', coordinates: [zoneAround(m.lat + shift * 0.5, m.lon + shift, m.radiusKm * (z === 0 ? 1 : 0.6), i + z)] },
        priorityOverride: z === 1 ? 1.5 : null,
      });
      if (!result.ok) throw new Error(`demo territory refused: ${result.error.message}`);
      created++;
    }
  }
  // The demo's zones are where the user starts, not edits of theirs for Ctrl+Z to take back.
  clearMapHistory(ctx.db);
  return created;
}
