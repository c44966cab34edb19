import type { Db } from '../connection';

/**
 * Planning targets: for a calendar month (Paris), the whole network or one region or one
 * département, all sources or one: how many leads, how many qualified, which conversion rate.
 * Each figure is optional. One row per scope: the unique index treats "no region" as a value.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE targets (
      id INTEGER PRIMARY KEY,
      month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
      region TEXT,
      departement TEXT,
      source TEXT,
      leads INTEGER CHECK (leads >= 0),
      qualified INTEGER CHECK (qualified >= 0),
      conversion REAL CHECK (conversion >= 0 AND conversion <= 1),
      updated_at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      CHECK (region IS NULL OR departement IS NULL),
      CHECK (leads IS NOT NULL OR qualified IS NOT NULL OR conversion IS NOT NULL)
    ) STRICT;
    CREATE UNIQUE INDEX targets_by_scope ON targets (month, coalesce(region, ''), coalesce(departement, ''), coalesce(source, ''));
  `);
}
