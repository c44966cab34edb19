import type { Db } from '../connection';

/** The network's members: who they are, where they are, how much they can take. */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE members (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('installer','reseller','distributor','agency')),
      contact_name TEXT NOT NULL DEFAULT '',
      email TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '',
      address TEXT NOT NULL DEFAULT '',
      postal_code TEXT NOT NULL,
      city TEXT NOT NULL,
      departement TEXT NOT NULL,
      lat REAL,
      lon REAL,
      capacity_per_week INTEGER NOT NULL CHECK (capacity_per_week >= 0),
      priority_coefficient REAL NOT NULL CHECK (priority_coefficient > 0),
      radius_km REAL NOT NULL CHECK (radius_km >= 0),
      product_lines TEXT NOT NULL DEFAULT '[]',
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
      archived_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX members_by_name ON members (name COLLATE NOCASE) WHERE archived_at IS NULL;
    CREATE INDEX members_by_departement ON members (departement);
  `);
}
