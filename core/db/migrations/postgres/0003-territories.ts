import type { Db } from '../../connection';
import { POSTGRES } from '../dialect';
import { territoryTables } from '../0003-territories';

/**
 * PostgreSQL twin of ../0003-territories.ts: network_version is bumped once per written row of
 * members or territories, as SQLite's row triggers do, by one trigger function.
 */
export function up(db: Db): void {
  db.exec(`
${territoryTables(POSTGRES)}

    CREATE FUNCTION bump_network_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE network_version SET version = version + 1 WHERE id = 1;
      RETURN NULL;
    END $$;
  `);
  for (const table of ['members', 'territories']) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(`CREATE TRIGGER ${table}_bump_network_${event.toLowerCase()} AFTER ${event} ON ${table}
        FOR EACH ROW EXECUTE FUNCTION bump_network_version()`);
    }
  }
}
