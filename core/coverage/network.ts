/** What the coverage index is built from, read from the database: active members and their territories. */
import type { Db } from '../db/connection';
import type { Shape } from '../territories/geometry';
import { listTerritories, shapeOf } from '../territories/store';

export interface CoverageMember {
  id: number;
  name: string;
  lat: number | null;
  lon: number | null;
  radiusKm: number;
  priorityCoefficient: number;
}

export interface CoverageTerritory {
  id: number;
  memberId: number;
  name: string;
  priorityOverride: number | null;
  shape: Shape;
}

/** Inactive and archived members cover nothing: leads must not be routed to them. */
export function loadCoverageNetwork(db: Db): { members: CoverageMember[]; territories: CoverageTerritory[] } {
  const members = db
    .prepare(
      `SELECT id, name, lat, lon, radius_km AS "radiusKm", priority_coefficient AS "priorityCoefficient"
       FROM members WHERE active = 1 AND archived_at IS NULL ORDER BY id`,
    )
    .all() as CoverageMember[];
  const active = new Set(members.map((m) => m.id));
  const territories = listTerritories(db)
    .filter((t) => active.has(t.memberId))
    .map((t) => ({ id: t.id, memberId: t.memberId, name: t.name, priorityOverride: t.priorityOverride, shape: shapeOf(t) }));
  return { members, territories };
}
