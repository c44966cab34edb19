import type { Db } from '../connection';
import { SQLITE, type Dialect } from './dialect';

/**
 * The monthly SLA report's figures per member and Paris day or month of dispatch (see
 * core/kpi/report-figures.ts), kept by rollup.ts from the dispatch hours the triggers of 0011
 * note. The report also reads when a kept lead was contacted, quoted or lost and its revenue:
 * the trigger that marks a lead's dispatch hours now watches those columns too. Rollup's rules
 * change with this migration, so every stored day, these figures' included, is rebuilt once.
 */
/** The counts per member, as core/kpi/report-figures.ts's REPORT_COLUMNS named them when this shipped. */
const COUNTS = ['received', 'accepted', 'accepted_in_time', 'declined', 'reassignments', 'contacted', 'contacted_in_time', 'treated', 'won', 'revenue_cents'];

export function reportTable(t: Dialect): string {
  return `
    CREATE TABLE kpi_report (
      span TEXT NOT NULL CHECK (span IN ('day', 'month')),
      start ${t.int} NOT NULL,
      member_id ${t.int} NOT NULL,
      ${COUNTS.map((c) => `${c} ${t.int} NOT NULL,`).join('\n      ')}
      -- the hours to accept and to contact, each list sorted, as float64 (core/kpi/runs.ts's packLists)
      hours ${t.blob} NOT NULL,
      PRIMARY KEY (span, start, member_id)
    )${t.clustered};`;
}

/** The lead columns the network map's tallies and the report read, whose change re-tallies the lead's dispatch days. */
export const DISPATCH_LEAD_COLUMNS = 'temperature, owner_member_id, won_at, won_cents, contacted_at, quoted_at, lost_at';

export function up(db: Db): void {
  db.exec(`
${reportTable(SQLITE)}
    DROP TRIGGER kpi_dirty_dispatch_lead;
    CREATE TRIGGER kpi_dirty_dispatch_lead AFTER UPDATE OF ${DISPATCH_LEAD_COLUMNS} ON lead_facts BEGIN
      INSERT INTO kpi_dirty_dispatch_hours SELECT DISTINCT at / 3600000 FROM dispatches WHERE lead_id = NEW.lead_id AND member_id IS NOT NULL AND at / 3600000 NOT IN (SELECT hour FROM kpi_dirty_dispatch_hours);
    END;
  `);
}
