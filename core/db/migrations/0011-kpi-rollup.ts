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
    -- Which hours of reception changed since the totals were built.
    CREATE TABLE kpi_dirty_hours (hour INTEGER PRIMARY KEY) STRICT;
    -- The calendar and SLA targets the clocks were built with: when they change, every clock is rebuilt.
    CREATE TABLE kpi_rollup_state (id INTEGER PRIMARY KEY CHECK (id = 1), settings TEXT NOT NULL) STRICT;

    -- Every existing lead's hour: the first dashboard builds them all.
    INSERT INTO kpi_dirty_hours SELECT DISTINCT received_at / 3600000 FROM lead_facts;

    CREATE TRIGGER kpi_dirty_insert AFTER INSERT ON lead_facts BEGIN
      INSERT OR IGNORE INTO kpi_dirty_hours VALUES (NEW.received_at / 3600000);
    END;
    CREATE TRIGGER kpi_dirty_update AFTER UPDATE ON lead_facts BEGIN
      INSERT OR IGNORE INTO kpi_dirty_hours VALUES (OLD.received_at / 3600000), (NEW.received_at / 3600000);
    END;
    CREATE TRIGGER kpi_dirty_delete AFTER DELETE ON lead_facts BEGIN
      INSERT OR IGNORE INTO kpi_dirty_hours VALUES (OLD.received_at / 3600000);
    END;
  `);
}
