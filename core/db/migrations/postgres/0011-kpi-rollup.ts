import type { Db } from '../../connection';
import { rowTrigger } from './row-trigger';

/**
 * PostgreSQL twin of ../0011-kpi-rollup.ts. The dirty-hour triggers insert with ON CONFLICT DO
 * NOTHING where SQLite needs NOT IN (a statement's conflict policy would override the trigger's
 * there); it also stays right when two sessions mark the same hour at once. `revenueCents` is
 * folded to lower case like every unquoted name, on both sides of the core's queries.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE kpi_totals (
      span TEXT NOT NULL CHECK (span IN ('day', 'month')),
      start BIGINT NOT NULL,
      dim TEXT NOT NULL,
      key TEXT NOT NULL,
      received BIGINT NOT NULL,
      qualified BIGINT NOT NULL,
      dispatched BIGINT NOT NULL,
      accepted BIGINT NOT NULL,
      contacted BIGINT NOT NULL,
      quoted BIGINT NOT NULL,
      won BIGINT NOT NULL,
      treated BIGINT NOT NULL,
      revenueCents BIGINT NOT NULL,
      whiteZone BIGINT NOT NULL,
      untreated BIGINT NOT NULL,
      PRIMARY KEY (span, dim, start, key)
    );
    CREATE TABLE kpi_clocks (
      span TEXT NOT NULL CHECK (span IN ('day', 'month')),
      start BIGINT NOT NULL,
      departement TEXT NOT NULL,
      -- the lists of durations and due instants, as float64 (see core/kpi/clocks.ts)
      lists BYTEA NOT NULL,
      accept_met BIGINT NOT NULL,
      accept_missed BIGINT NOT NULL,
      contact_met BIGINT NOT NULL,
      contact_missed BIGINT NOT NULL,
      PRIMARY KEY (span, start, departement)
    );
    CREATE TABLE kpi_network (
      span TEXT NOT NULL CHECK (span IN ('day', 'month')),
      start BIGINT NOT NULL,
      member_id BIGINT NOT NULL,
      territory_id BIGINT NOT NULL,
      received BIGINT NOT NULL,
      accepted BIGINT NOT NULL,
      accepted_in_time BIGINT NOT NULL,
      won BIGINT NOT NULL,
      PRIMARY KEY (span, start, member_id, territory_id)
    );
    CREATE TABLE kpi_dirty_hours (hour BIGINT PRIMARY KEY);
    CREATE TABLE kpi_dirty_dispatch_hours (hour BIGINT PRIMARY KEY);
    CREATE TABLE kpi_rollup_state (id BIGINT PRIMARY KEY CHECK (id = 1), settings TEXT NOT NULL);
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
