/** Test support: a fresh PostgreSQL database on the server named by AIGUILLAGE_TEST_PG_URL, through the engine adapter. */
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../connection';
import { migrate } from '../migrate';
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

/**
 * For a describe block: a scratch database made before its tests, prepared (migrated unless told
 * otherwise) and dropped after them; the returned function gives it to the tests.
 */
export function scratchForBlock(label: string, prepare: (db: Db) => void = (db) => migrate(db)): () => Db {
  let scratch: Scratch | undefined;
  beforeAll(() => {
    scratch = scratchDatabase(label);
    prepare(scratch.db);
  });
  afterAll(() => scratch?.drop());
  return () => scratch!.db;
}
