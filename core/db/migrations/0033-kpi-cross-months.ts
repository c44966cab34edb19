import type { Db } from '../connection';
import { measureColumns } from './0011-kpi-rollup';
import { dialectOf } from './dialect';

/**
 * The dashboard's figures of each Paris month crossed by source and by temperature (core/kpi/
 * cross.ts): for each value of the one filter, its totals grouped by every dimension and its
 * response clocks per département. A year's view filtered by a source or a temperature (alone,
 * with a département or a region, or with the other of the two) reads twelve months of these
 * instead of a pass over every lead of its 365 days (kpi_day_leads). Months only: a day's figures
 * crossed so would be thousands of rows a day. Rebuilt with the month's other totals (rollup.ts),
 * so no trigger of their own.
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    CREATE TABLE kpi_cross_totals (
      start ${t.int} NOT NULL,
      filter_dim TEXT NOT NULL,
      filter_key TEXT NOT NULL,
      dim TEXT NOT NULL,
      key TEXT NOT NULL,
${measureColumns(t)}
      PRIMARY KEY (filter_dim, filter_key, dim, start, key)
    )${t.clustered};
    CREATE INDEX kpi_cross_totals_by_start ON kpi_cross_totals (start);
    CREATE TABLE kpi_cross_clocks (
      start ${t.int} NOT NULL,
      filter_dim TEXT NOT NULL,
      filter_key TEXT NOT NULL,
      departement TEXT NOT NULL,
      lists ${t.blob} NOT NULL,
      accept_met ${t.int} NOT NULL,
      accept_missed ${t.int} NOT NULL,
      contact_met ${t.int} NOT NULL,
      contact_missed ${t.int} NOT NULL,
      PRIMARY KEY (filter_dim, filter_key, start, departement)
    )${t.clustered};
    CREATE INDEX kpi_cross_clocks_by_start ON kpi_cross_clocks (start);
  `);
}
