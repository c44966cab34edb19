import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * The leads of each Paris day of reception in columns (core/kpi/day-leads.ts), for the
 * dashboard's filtered views: stored totals per filter value, pair of values and grouping would
 * be tens of rows per lead, while a day's leads as a few bytes each answer any filter or pair of
 * filters in one pass over typed arrays. Rebuilt with the day's other totals (rollup.ts, from
 * the dirty hours the triggers of 0011 note), so no trigger of its own. `dict` (JSON) holds the
 * day's distinct source, channel, ..., département and member keys; `leads` their indexes and
 * measures per lead; `clocks` the response clocks, read only by the sections that need them
 * (after `leads`, so a row read without them stops before their pages).
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    CREATE TABLE kpi_day_leads (
      start ${t.int} PRIMARY KEY,
      dict TEXT NOT NULL,
      leads ${t.blob} NOT NULL,
      clocks ${t.blob} NOT NULL
    )${t.table};
  `);
}
