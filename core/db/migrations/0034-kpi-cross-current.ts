import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * The months whose crossed figures (0033) are current. A month's other totals are rebuilt before a
 * dashboard reads, but its crossed figures (thousands of rows) by the background jobs, a month or
 * two a tick (core/kpi/rollup.ts): a dashboard's read after a dispatch would otherwise wait for
 * them. A month not listed is read from its days of leads (0021) meanwhile.
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`CREATE TABLE kpi_cross_months (start ${t.int} PRIMARY KEY)${t.table};`);
}
