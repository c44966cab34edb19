import type { Db } from '../connection';

/**
 * Totals and response clocks per Paris day and per Paris month for the dashboard (see
 * core/kpi/rollup.ts): a year of a large network is half a million facts to read, but twelve
 * months of totals. They are built by the app, not by triggers (a Paris day, a business-hour
 * clock and the SLA settings are not SQL); the triggers only note which UTC hours of reception
 * changed, and the next dashboard rebuilds those days and their months.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE kpi_totals (
      span TEXT NOT NULL CHECK (span IN ('day', 'month')),
      start INTEGER NOT NULL,
      dim TEXT NOT NULL,
      key TEXT NOT NULL,
      received INTEGER NOT NULL,
      qualified INTEGER NOT NULL,
      dispatched INTEGER NOT NULL,
      accepted INTEGER NOT NULL,
      contacted INTEGER NOT NULL,
      quoted INTEGER NOT NULL,
      won INTEGER NOT NULL,
      treated INTEGER NOT NULL,
      revenueCents INTEGER NOT NULL,
      whiteZone INTEGER NOT NULL,
      untreated INTEGER NOT NULL,
      PRIMARY KEY (span, dim, start, key)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE kpi_clocks (
      span TEXT NOT NULL CHECK (span IN ('day', 'month')),
      start INTEGER NOT NULL,
      departement TEXT NOT NULL,
      -- the lists of durations and due instants, as float64 (see core/kpi/clocks.ts)
      lists BLOB NOT NULL,
      accept_met INTEGER NOT NULL,
      accept_missed INTEGER NOT NULL,
      contact_met INTEGER NOT NULL,
      contact_missed INTEGER NOT NULL,
      PRIMARY KEY (span, start, departement)
    ) STRICT, WITHOUT ROWID;
    -- The network map's figures per member and territory (0: none), by day or month of dispatch.
    CREATE TABLE kpi_network (
      span TEXT NOT NULL CHECK (span IN ('day', 'month')),
      start INTEGER NOT NULL,
      member_id INTEGER NOT NULL,
      territory_id INTEGER NOT NULL,
      received INTEGER NOT NULL,
      accepted INTEGER NOT NULL,
      accepted_in_time INTEGER NOT NULL,
      won INTEGER NOT NULL,
      PRIMARY KEY (span, start, member_id, territory_id)
    ) STRICT, WITHOUT ROWID;
    -- Which hours of reception (and of dispatch) changed since the totals were built.
    CREATE TABLE kpi_dirty_hours (hour INTEGER PRIMARY KEY) STRICT;
    CREATE TABLE kpi_dirty_dispatch_hours (hour INTEGER PRIMARY KEY) STRICT;
    -- The calendar and SLA targets the clocks were built with: when they change (and at first,
    -- with no row here), every day is marked dirty and rebuilt.
    CREATE TABLE kpi_rollup_state (id INTEGER PRIMARY KEY CHECK (id = 1), settings TEXT NOT NULL) STRICT;

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
