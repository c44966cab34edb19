import type { Db } from '../../connection';
import { POSTGRES } from '../dialect';
import { DISPATCH_LEAD_COLUMNS, reportTable } from '../0029-kpi-report';

/** PostgreSQL twin of ../0029-kpi-report.ts: the trigger's function stays, the trigger watches the wider column list. */
export function up(db: Db): void {
  db.exec(`
${reportTable(POSTGRES)}
    DROP TRIGGER kpi_dirty_dispatch_lead ON lead_facts;
    CREATE TRIGGER kpi_dirty_dispatch_lead AFTER UPDATE OF ${DISPATCH_LEAD_COLUMNS} ON lead_facts FOR EACH ROW EXECUTE FUNCTION kpi_dirty_dispatch_lead();
  `);
}
