import type { Db } from '../connection';

/**
 * Territories drawn for members (polygons, or circles around a centre), with their bounding
 * box so the coverage index and SQL filters need not parse the geometry.
 *
 * network_version is bumped by triggers on every write to members or territories, so the
 * in-memory coverage index knows when to rebuild whoever wrote (a command, the CLI in another
 * process, a restore) without each writer having to remember to tell it.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE territories (
      id INTEGER PRIMARY KEY,
      member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('polygon','circle')),
      geometry TEXT NOT NULL,
      radius_km REAL CHECK (radius_km IS NULL OR radius_km > 0),
      priority_override REAL CHECK (priority_override IS NULL OR priority_override > 0),
      min_lon REAL NOT NULL,
      min_lat REAL NOT NULL,
      max_lon REAL NOT NULL,
      max_lat REAL NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      CHECK ((kind = 'circle') = (radius_km IS NOT NULL))
    ) STRICT;
    CREATE INDEX territories_by_member_id ON territories (member_id);

    CREATE TABLE network_version (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      version INTEGER NOT NULL
    ) STRICT;
    INSERT INTO network_version (id, version) VALUES (1, 0);
  `);
  for (const table of ['members', 'territories']) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(`CREATE TRIGGER ${table}_bump_network_${event.toLowerCase()} AFTER ${event} ON ${table}
        BEGIN UPDATE network_version SET version = version + 1 WHERE id = 1; END`);
    }
  }
}
