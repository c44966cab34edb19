import type { Db } from '../connection';

/**
 * Per-day totals for the dashboard (see core/kpi/rollup.ts): a year of a large network is half
 * a million facts to read, but only 365 days of totals. The totals are built by the app, not by
 * triggers (a Paris day, a business-hour clock and the SLA settings are not SQL); the triggers
 * only note which UTC hours of reception changed, and the next dashboard rebuilds those days.
 */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE kpi_days (
      dim TEXT NOT NULL,
      day INTEGER NOT NULL,
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
      PRIMARY KEY (dim, day, key)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE kpi_day_clocks (
      day INTEGER NOT NULL,
      departement TEXT NOT NULL,
      accept BLOB,
      contact BLOB,
      quote BLOB,
      accept_due BLOB,
      contact_due BLOB,
      accept_met INTEGER NOT NULL,
      accept_missed INTEGER NOT NULL,
      contact_met INTEGER NOT NULL,
      contact_missed INTEGER NOT NULL,
      PRIMARY KEY (day, departement)
    ) STRICT, WITHOUT ROWID;
    -- Which hours of reception changed since the totals were built.
    CREATE TABLE kpi_dirty_hours (hour INTEGER PRIMARY KEY) STRICT;
    -- The calendar and SLA targets the clocks were built with: when they change, all days are rebuilt.
    CREATE TABLE kpi_rollup_state (id INTEGER PRIMARY KEY CHECK (id = 1), settings TEXT NOT NULL) STRICT;

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
