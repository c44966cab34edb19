/** SQL for the territories table; rows in, plain objects out. */
import type { Db } from '../db/connection';
import type { Shape } from './geometry';
import type { Territory } from './schema';

interface TerritoryRow {
  id: number;
  member_id: number;
  member_name: string;
  name: string;
  kind: Territory['kind'];
  geometry: string;
  radius_km: number | null;
  priority_override: number | null;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface TerritoryRecord {
  memberId: number;
  name: string;
  priorityOverride: number | null;
  shape: Shape;
}

const SELECT = 'SELECT t.*, m.name AS member_name FROM territories t JOIN members m ON m.id = t.member_id';

/** How a polygon's stored GeoJSON text becomes the territory's geometry: parsed, unless a caller has it already. */
type AreaOf = (id: number, text: string) => Territory['geometry'];
const parseArea: AreaOf = (_id, text) => JSON.parse(text) as Territory['geometry'];

function toTerritory(r: TerritoryRow, areaOf: AreaOf = parseArea): Territory {
  const isCircle = r.kind === 'circle';
  const [lon, lat] = isCircle ? (JSON.parse(r.geometry) as { coordinates: [number, number] }).coordinates : [0, 0];
  return {
    id: r.id,
    memberId: r.member_id,
    memberName: r.member_name,
    name: r.name,
    kind: r.kind,
    geometry: isCircle ? null : areaOf(r.id, r.geometry),
    center: isCircle ? { lat, lon } : null,
    radiusKm: r.radius_km,
    priorityOverride: r.priority_override,
    bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A circle is stored as its centre, a GeoJSON Point, beside radius_km. */
function toParams(t: TerritoryRecord) {
  const s = t.shape;
  const geometry = s.kind === 'circle' ? { type: 'Point', coordinates: [s.center.lon, s.center.lat] } : s.geometry;
  return {
    member_id: t.memberId,
    name: t.name,
    kind: s.kind,
    geometry: JSON.stringify(geometry),
    radius_km: s.kind === 'circle' ? s.radiusKm : null,
    priority_override: t.priorityOverride,
    min_lon: s.bbox[0],
    min_lat: s.bbox[1],
    max_lon: s.bbox[2],
    max_lat: s.bbox[3],
  };
}

const COLUMNS = ['member_id', 'name', 'kind', 'geometry', 'radius_km', 'priority_override', 'min_lon', 'min_lat', 'max_lon', 'max_lat'];

export function insertTerritory(db: Db, t: TerritoryRecord, now: number): Territory {
  const id = db
    .prepare(`INSERT INTO territories (${COLUMNS.join(', ')}, created_at, updated_at) VALUES (${COLUMNS.map((c) => '@' + c).join(', ')}, @now, @now) RETURNING id`)
    .pluck()
    .get({ ...toParams(t), now }) as number;
  return getTerritory(db, id)!;
}

export function updateTerritory(db: Db, id: number, t: TerritoryRecord, now: number): void {
  const sets = COLUMNS.map((c) => `${c} = @${c}`).join(', ');
  db.prepare(`UPDATE territories SET ${sets}, updated_at = @now, version = version + 1 WHERE id = @id`).run({ ...toParams(t), now, id });
}

export function deleteTerritory(db: Db, id: number): void {
  db.prepare('DELETE FROM territories WHERE id = ?').run(id);
}

export function getTerritory(db: Db, id: number): Territory | undefined {
  const row = db.prepare(`${SELECT} WHERE t.id = ?`).get(id) as TerritoryRow | undefined;
  return row && toTerritory(row);
}

/** Territories of members not archived, by member then name. */
export function listTerritories(db: Db, memberId?: number): Territory[] {
  return territoryRows(db, memberId).map((r) => toTerritory(r));
}

/** listTerritories with each polygon's stored text turned into its geometry by `areaOf` (the map's outlines keep theirs simplified). */
export function listTerritoriesAs(db: Db, areaOf: AreaOf): Territory[] {
  return territoryRows(db).map((r) => toTerritory(r, areaOf));
}

function territoryRows(db: Db, memberId?: number): TerritoryRow[] {
  const where = memberId === undefined ? 'WHERE m.archived_at IS NULL' : 'WHERE t.member_id = @memberId';
  return db.prepare(`${SELECT} ${where} ORDER BY m.name COLLATE NOCASE, t.name COLLATE NOCASE, t.id`).all(memberId === undefined ? {} : { memberId }) as TerritoryRow[];
}

/** Where this territory's shape came from, in the form the validators take again. */
export function shapeOf(t: Territory): Shape {
  return t.kind === 'circle' ? { kind: 'circle', center: t.center!, radiusKm: t.radiusKm!, bbox: t.bbox } : { kind: 'polygon', geometry: t.geometry!, bbox: t.bbox };
}
