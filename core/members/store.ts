/** SQL for the members table; rows in, plain objects out. */
import { prepared, type Db } from '../db/connection';
import type { Member, MemberFields } from './schema';

interface MemberRow {
  id: number;
  code: string;
  siret: string;
  name: string;
  kind: Member['kind'];
  contact_name: string;
  email: string;
  phone: string;
  address: string;
  postal_code: string;
  city: string;
  departement: string;
  lat: number | null;
  lon: number | null;
  capacity_per_week: number;
  priority_coefficient: number;
  radius_km: number;
  product_lines: string;
  active: number;
  archived_at: number | null;
  version: number;
  created_at: number;
  updated_at: number;
}

function toMember(r: MemberRow): Member {
  return {
    id: r.id,
    code: r.code,
    siret: r.siret,
    name: r.name,
    kind: r.kind,
    contactName: r.contact_name,
    email: r.email,
    phone: r.phone,
    address: r.address,
    postalCode: r.postal_code,
    city: r.city,
    departement: r.departement,
    lat: r.lat,
    lon: r.lon,
    capacityPerWeek: r.capacity_per_week,
    priorityCoefficient: r.priority_coefficient,
    radiusKm: r.radius_km,
    productLines: JSON.parse(r.product_lines) as string[],
    active: r.active === 1,
    archivedAt: r.archived_at,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toParams(f: MemberFields, departement: string) {
  return {
    code: f.code,
    siret: f.siret,
    name: f.name,
    kind: f.kind,
    contact_name: f.contactName,
    email: f.email,
    phone: f.phone,
    address: f.address,
    postal_code: f.postalCode,
    city: f.city,
    departement,
    lat: f.lat,
    lon: f.lon,
    capacity_per_week: f.capacityPerWeek,
    priority_coefficient: f.priorityCoefficient,
    radius_km: f.radiusKm,
    product_lines: JSON.stringify(f.productLines),
    active: f.active ? 1 : 0,
  };
}

const COLUMNS = 'code, siret, name, kind, contact_name, email, phone, address, postal_code, city, departement, lat, lon, capacity_per_week, priority_coefficient, radius_km, product_lines, active';

export function insertMember(db: Db, f: MemberFields, departement: string, now: number): Member {
  const id = prepared(
    db,
    `INSERT INTO members (${COLUMNS}, created_at, updated_at)
       VALUES (${COLUMNS.split(', ')
         .map((c) => '@' + c)
         .join(', ')}, @now, @now) RETURNING id`,
  )
    .pluck()
    .get({ ...toParams(f, departement), now }) as number;
  return getMember(db, id)!;
}

export function updateMember(db: Db, id: number, f: MemberFields, departement: string, now: number): void {
  const sets = COLUMNS.split(', ')
    .map((c) => `${c} = @${c}`)
    .join(', ');
  prepared(db, `UPDATE members SET ${sets}, updated_at = @now, version = version + 1 WHERE id = @id`).run({ ...toParams(f, departement), now, id });
}

export function setArchived(db: Db, id: number, archivedAt: number | null, now: number): void {
  prepared(db, 'UPDATE members SET archived_at = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(archivedAt, now, id);
}

export function getMember(db: Db, id: number): Member | undefined {
  // Kept prepared: bulk dispatch and the re-assignment job read a member for each lead's mail.
  const row = prepared(db, 'SELECT * FROM members WHERE id = ?').get(id) as MemberRow | undefined;
  return row && toMember(row);
}

/** The member (archived or not) holding this network code (compared without case) or SIRET. */
export function findByIdentity(db: Db, key: 'code' | 'siret', value: string): Member | undefined {
  if (value === '') return undefined;
  // The `<> ''` lets the engine use the partial unique index (members_by_code, members_by_siret): without it, each save read every member.
  const row = prepared(db, `SELECT * FROM members WHERE ${key === 'code' ? "code = ? COLLATE NOCASE AND code <> ''" : "siret = ? AND siret <> ''"}`).get(value) as MemberRow | undefined;
  return row && toMember(row);
}

export function listMembers(db: Db, includeArchived: boolean): Member[] {
  const where = includeArchived ? '' : 'WHERE archived_at IS NULL';
  return (db.prepare(`SELECT * FROM members ${where} ORDER BY name COLLATE NOCASE`).all() as MemberRow[]).map(toMember);
}

export function countMembers(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM members WHERE archived_at IS NULL').get() as { n: number }).n;
}
