import type { Db } from '../connection';
import { SQLITE, type Dialect } from './dialect';

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
${territoryTables(SQLITE)}
  `);
  for (const table of ['members', 'territories']) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(`CREATE TRIGGER ${table}_bump_network_${event.toLowerCase()} AFTER ${event} ON ${table}
        BEGIN UPDATE network_version SET version = version + 1 WHERE id = 1; END`);
    }
  }
}

/** The territories and the network version in either engine's types (postgres/0003-territories.ts builds them too, with its own triggers). */
export function territoryTables(t: Dialect): string {
  return `    CREATE TABLE territories (
      id ${t.id},
      member_id ${t.int} NOT NULL REFERENCES members (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('polygon','circle')),
      geometry TEXT NOT NULL,
      radius_km ${t.real} CHECK (radius_km IS NULL OR radius_km > 0),
      priority_override ${t.real} CHECK (priority_override IS NULL OR priority_override > 0),
      min_lon ${t.real} NOT NULL,
      min_lat ${t.real} NOT NULL,
      max_lon ${t.real} NOT NULL,
      max_lat ${t.real} NOT NULL,
      created_at ${t.int} NOT NULL,
      updated_at ${t.int} NOT NULL,
      CHECK ((kind = 'circle') = (radius_km IS NOT NULL))
    )${t.table};
    CREATE INDEX territories_by_member_id ON territories (member_id);

    CREATE TABLE network_version (
      id ${t.int} PRIMARY KEY CHECK (id = 1),
      version ${t.int} NOT NULL
    )${t.table};
    INSERT INTO network_version (id, version) VALUES (1, 0);`;
}
