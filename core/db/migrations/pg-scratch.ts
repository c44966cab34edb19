/** Test support: a fresh PostgreSQL database on the server named by AIGUILLAGE_TEST_PG_URL, through the engine adapter. */
import type { Db } from '../connection';
import { PostgresDb } from '../postgres';
import { createDatabase, dropDatabase, scratchName } from '../scratch';

export const PG_URL = process.env.AIGUILLAGE_TEST_PG_URL;

export interface Scratch {
  db: Db;
  /** Closes the connection and drops the database. */
  drop(): void;
}

/** A new, empty database on the test server. */
export function scratchDatabase(label: string): Scratch {
  const name = scratchName(`aiguillage_${label}`);
  const db = new PostgresDb(createDatabase(PG_URL!, name));
  return {
    db,
    drop() {
      db.close();
      dropDatabase(PG_URL!, name);
    },
  };
}
