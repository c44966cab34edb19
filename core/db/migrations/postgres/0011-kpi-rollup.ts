import type { Db } from '../../connection';
import { rowTrigger } from './row-trigger';
import { POSTGRES } from '../dialect';
import { rollupTables } from '../0011-kpi-rollup';

/**
 * PostgreSQL twin of ../0011-kpi-rollup.ts. The dirty-hour triggers insert with ON CONFLICT DO
 * NOTHING where SQLite needs NOT IN (a statement's conflict policy would override the trigger's
 * there); it also stays right when two sessions mark the same hour at once. `revenueCents` is
 * folded to lower case like every unquoted name, on both sides of the core's queries.
 */
export function up(db: Db): void {
  db.exec(`
${rollupTables(POSTGRES)}
    ${rowTrigger('kpi_dirty_insert', 'AFTER INSERT ON lead_facts', null, 'INSERT INTO kpi_dirty_hours (hour) VALUES (NEW.received_at / 3600000) ON CONFLICT DO NOTHING;')}
    ${rowTrigger(
      'kpi_dirty_update',
      'AFTER UPDATE ON lead_facts',
      null,
      'INSERT INTO kpi_dirty_hours (hour) SELECT OLD.received_at / 3600000 UNION SELECT NEW.received_at / 3600000 ON CONFLICT DO NOTHING;',
    )}
    ${rowTrigger(
      'kpi_dirty_dispatch_lead',
      'AFTER UPDATE OF temperature, owner_member_id, won_at ON lead_facts',
      null,
      'INSERT INTO kpi_dirty_dispatch_hours (hour) SELECT DISTINCT at / 3600000 FROM dispatches WHERE lead_id = NEW.lead_id AND member_id IS NOT NULL ON CONFLICT DO NOTHING;',
    )}
    ${rowTrigger(
      'kpi_dirty_dispatch_insert',
      'AFTER INSERT ON dispatches',
      'NEW.member_id IS NOT NULL',
      'INSERT INTO kpi_dirty_dispatch_hours (hour) VALUES (NEW.at / 3600000) ON CONFLICT DO NOTHING;',
    )}
    ${rowTrigger(
      'kpi_dirty_dispatch_update',
      'AFTER UPDATE ON dispatches',
      null,
      'INSERT INTO kpi_dirty_dispatch_hours (hour) SELECT OLD.at / 3600000 UNION SELECT NEW.at / 3600000 ON CONFLICT DO NOTHING;',
    )}
    ${rowTrigger('kpi_dirty_dispatch_delete', 'AFTER DELETE ON dispatches', null, 'INSERT INTO kpi_dirty_dispatch_hours (hour) VALUES (OLD.at / 3600000) ON CONFLICT DO NOTHING;')}
    ${rowTrigger('kpi_dirty_delete', 'AFTER DELETE ON lead_facts', null, 'INSERT INTO kpi_dirty_hours (hour) VALUES (OLD.received_at / 3600000) ON CONFLICT DO NOTHING;')}
  `);
}
