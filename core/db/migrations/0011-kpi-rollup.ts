import type { Db } from '../connection';
import { SQLITE, type Dialect } from './dialect';

/**
 * Totals and response clocks per Paris day and per Paris month for the dashboard (see
 * core/kpi/rollup.ts): a year of a large network is half a million facts to read, but twelve
 * months of totals. They are built by the app, not by triggers (a Paris day, a business-hour
 * clock and the SLA settings are not SQL); the triggers only note which UTC hours of reception
 * changed, and the next dashboard rebuilds those days and their months.
 */
export function up(db: Db): void {
  db.exec(`
${rollupTables(SQLITE)}

    -- NOT IN rather than INSERT OR IGNORE: a statement's own conflict policy (an INSERT OR
    -- REPLACE, a foreign key action) would override the trigger's.
    CREATE TRIGGER kpi_dirty_insert AFTER INSERT ON lead_facts BEGIN
      INSERT INTO kpi_dirty_hours SELECT NEW.received_at / 3600000 WHERE NEW.received_at / 3600000 NOT IN (SELECT hour FROM kpi_dirty_hours);
    END;
    CREATE TRIGGER kpi_dirty_update AFTER UPDATE ON lead_facts BEGIN
      INSERT INTO kpi_dirty_hours SELECT h FROM (SELECT OLD.received_at / 3600000 AS h UNION SELECT NEW.received_at / 3600000) WHERE h NOT IN (SELECT hour FROM kpi_dirty_hours);
    END;
    -- The network figures read a lead's temperature, owner and win: its dispatches' days change.
    CREATE TRIGGER kpi_dirty_dispatch_lead AFTER UPDATE OF temperature, owner_member_id, won_at ON lead_facts BEGIN
      INSERT INTO kpi_dirty_dispatch_hours SELECT DISTINCT at / 3600000 FROM dispatches WHERE lead_id = NEW.lead_id AND member_id IS NOT NULL AND at / 3600000 NOT IN (SELECT hour FROM kpi_dirty_dispatch_hours);
    END;
    CREATE TRIGGER kpi_dirty_dispatch_insert AFTER INSERT ON dispatches WHEN NEW.member_id IS NOT NULL BEGIN
      INSERT INTO kpi_dirty_dispatch_hours SELECT NEW.at / 3600000 WHERE NEW.at / 3600000 NOT IN (SELECT hour FROM kpi_dirty_dispatch_hours);
    END;
    CREATE TRIGGER kpi_dirty_dispatch_update AFTER UPDATE ON dispatches BEGIN
      INSERT INTO kpi_dirty_dispatch_hours SELECT h FROM (SELECT OLD.at / 3600000 AS h UNION SELECT NEW.at / 3600000) WHERE h NOT IN (SELECT hour FROM kpi_dirty_dispatch_hours);
    END;
    CREATE TRIGGER kpi_dirty_dispatch_delete AFTER DELETE ON dispatches BEGIN
      INSERT INTO kpi_dirty_dispatch_hours SELECT OLD.at / 3600000 WHERE OLD.at / 3600000 NOT IN (SELECT hour FROM kpi_dirty_dispatch_hours);
    END;
    CREATE TRIGGER kpi_dirty_delete AFTER DELETE ON lead_facts BEGIN
      INSERT INTO kpi_dirty_hours SELECT OLD.received_at / 3600000 WHERE OLD.received_at / 3600000 NOT IN (SELECT hour FROM kpi_dirty_hours);
    END;
  `);
}

/** The columns of the dashboard's measures (core/kpi/totals.ts), as every table of stored totals has them. */
export function measureColumns(t: Dialect): string {
  return ['received', 'qualified', 'dispatched', 'accepted', 'contacted', 'quoted', 'won', 'treated', 'revenueCents', 'whiteZone', 'untreated'].map((c) => `      ${c} ${t.int} NOT NULL,`).join('\n');
}

/** The dashboard's stored totals and dirty marks in either engine's types (postgres/0011-kpi-rollup.ts builds them too, with its own triggers). */
export function rollupTables(t: Dialect): string {
  return `    CREATE TABLE kpi_totals (
      span TEXT NOT NULL CHECK (span IN ('day', 'month')),
      start ${t.int} NOT NULL,
      dim TEXT NOT NULL,
      key TEXT NOT NULL,
${measureColumns(t)}
      PRIMARY KEY (span, dim, start, key)
    )${t.clustered};
    CREATE TABLE kpi_clocks (
      span TEXT NOT NULL CHECK (span IN ('day', 'month')),
      start ${t.int} NOT NULL,
      departement TEXT NOT NULL,
      -- the lists of durations and due instants, as float64 (see core/kpi/clocks.ts)
      lists ${t.blob} NOT NULL,
      accept_met ${t.int} NOT NULL,
      accept_missed ${t.int} NOT NULL,
      contact_met ${t.int} NOT NULL,
      contact_missed ${t.int} NOT NULL,
      PRIMARY KEY (span, start, departement)
    )${t.clustered};
    -- The network map's figures per member and territory (0: none), by day or month of dispatch.
    CREATE TABLE kpi_network (
      span TEXT NOT NULL CHECK (span IN ('day', 'month')),
      start ${t.int} NOT NULL,
      member_id ${t.int} NOT NULL,
      territory_id ${t.int} NOT NULL,
      received ${t.int} NOT NULL,
      accepted ${t.int} NOT NULL,
      accepted_in_time ${t.int} NOT NULL,
      won ${t.int} NOT NULL,
      PRIMARY KEY (span, start, member_id, territory_id)
    )${t.clustered};
    -- Which hours of reception (and of dispatch) changed since the totals were built.
    CREATE TABLE kpi_dirty_hours (hour ${t.int} PRIMARY KEY)${t.table};
    CREATE TABLE kpi_dirty_dispatch_hours (hour ${t.int} PRIMARY KEY)${t.table};
    -- The calendar and SLA targets the clocks were built with: when they change (and at first,
    -- with no row here), every day is marked dirty and rebuilt.
    CREATE TABLE kpi_rollup_state (id ${t.int} PRIMARY KEY CHECK (id = 1), settings TEXT NOT NULL)${t.table};`;
}
