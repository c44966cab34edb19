import type { Db } from '../connection';
import { SQLITE, type Dialect } from './dialect';

/** The network's members: who they are, where they are, how much they can take. */
export function up(db: Db): void {
  db.exec(`
${membersTable(SQLITE)}
  `);
}

/** The members table and its indexes in either engine's types (postgres/0001-members.ts builds it too). */
export function membersTable(t: Dialect): string {
  return `    CREATE TABLE members (
      id ${t.id},
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('installer','reseller','distributor','agency')),
      contact_name TEXT NOT NULL DEFAULT '',
      email TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '',
      address TEXT NOT NULL DEFAULT '',
      postal_code TEXT NOT NULL,
      city TEXT NOT NULL,
      departement TEXT NOT NULL,
      lat ${t.real},
      lon ${t.real},
      capacity_per_week ${t.int} NOT NULL CHECK (capacity_per_week >= 0),
      priority_coefficient ${t.real} NOT NULL CHECK (priority_coefficient > 0),
      radius_km ${t.real} NOT NULL CHECK (radius_km >= 0),
      product_lines TEXT NOT NULL DEFAULT '[]',
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
      archived_at ${t.int},
      created_at ${t.int} NOT NULL,
      updated_at ${t.int} NOT NULL
    )${t.table};
    CREATE UNIQUE INDEX members_by_name ON members (name COLLATE ${t.nocase}) WHERE archived_at IS NULL;
    CREATE INDEX members_by_departement ON members (departement);`;
}
