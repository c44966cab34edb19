import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { sqliteDb, type Db } from '../connection';
import { migrate } from '../migrate';
import { migrations, postgresMigrations } from './index';
import { PG_URL, scratchForBlock } from './pg-scratch';
import { sqliteShape } from './schema-shape';

/**
 * The same writes on both engines leave the same rows in every table: what the triggers derive
 * (network version, KPI facts and milestones, dirty hours, a dispatch's territory) and what the
 * data migrations backfill (0007's facts, 0009's territories) are the same on PostgreSQL as on
 * SQLite. Writes before migration 7 exercise the backfills, writes after it the triggers.
 */
const H = 3_600_000;

const BEFORE_KPI = `
  INSERT INTO members (id, name, kind, postal_code, city, departement, capacity_per_week, priority_coefficient, radius_km, product_lines, created_at, updated_at) VALUES
    (1, 'Alpha', 'installer', '37000', 'Tours', '37', 10, 1, 30, '["Photovoltaïque"]', 1, 1),
    (2, 'Beta', 'reseller', '41000', 'Blois', '41', 5, 1.5, 20, '["Piscine"]', 1, 1);
  INSERT INTO territories (id, member_id, name, kind, geometry, radius_km, min_lon, min_lat, max_lon, max_lat, created_at, updated_at) VALUES
    (10, 1, 'Tours-Nord', 'polygon', '{}', NULL, 0.6, 47.3, 0.8, 47.5, 1, 1),
    (11, 2, 'Blois', 'circle', '{}', 12.5, 1.2, 47.5, 1.4, 47.7, 1, 1),
    (12, 2, 'Vendôme', 'polygon', '{}', NULL, 1, 47.7, 1.2, 47.9, 1, 1);
  UPDATE members SET radius_km = 35 WHERE id = 1;
  INSERT INTO leads (id, first_name, last_name, phone, email, postal_code, city, departement, source, product, received_at, created_at, updated_at) VALUES
    (1, 'Jean', 'Lefèvre', '+33612345678', 'jl@x.fr', '37000', 'Tours', '37', 'Salon', 'PV', ${10 * H + 5}, 1, 1),
    (2, 'Anne', 'Roux', '', 'ar@x.fr', '41000', 'Blois', '41', 'Site web', 'PAC', ${30 * H + 7}, 1, 1),
    (3, 'Paul', 'Petit', '0700000001', '', '37000', 'Tours', '37', 'Salon', 'PV', ${50 * H}, 1, 1);
  INSERT INTO lead_events (id, lead_id, type, at, actor, data) VALUES
    (1, 1, 'qualified', ${11 * H}, 'q', '{}'),
    (2, 1, 'dispatched', ${12 * H}, 'q', '{}'),
    (3, 2, 'won', ${40 * H}, 'm', '{"amountCents": 1234500}'),
    (4, 2, 'won', ${41 * H}, 'm', '{"amountCents": 1500000}'),
    (5, 3, 'qualified', ${51 * H}, 'q', '{}');
  INSERT INTO dispatches (id, lead_id, outcome, member_id, decision, at, actor, end_reason, ended_at) VALUES
    (1, 1, 'member', 1, '{"whiteZone": false, "candidates": [{"memberId": 2, "via": "territory", "territoryName": "Blois"}, {"memberId": 1, "via": "territory", "territoryName": "Tours-Nord"}]}', ${12 * H}, 'q', 'accepted', ${13 * H}),
    (2, 2, 'head_office', NULL, '{"whiteZone": true, "candidates": []}', ${31 * H}, 'q', NULL, NULL);
`;

const AFTER = `
  INSERT INTO leads (id, first_name, last_name, phone, email, postal_code, city, departement, source, product, received_at, created_at, updated_at) VALUES
    (4, 'Zoé', 'Garnier', '+33700000002', 'zg@x.fr', '41100', 'Vendôme', '41', 'Partenaire', 'PAC', ${60 * H}, 1, 1);
  INSERT INTO lead_events (id, lead_id, type, at, actor, data) VALUES
    (6, 4, 'qualified', ${61 * H}, 'q', '{}'),
    (7, 4, 'qualified', ${60 * H + 10}, 'q', '{}'),
    (8, 4, 'accepted', ${63 * H}, 'm', '{}'),
    (9, 4, 'won', ${70 * H}, 'm', '{"amountCents": 990000}'),
    (10, 1, 'contacted', ${14 * H}, 'm', '{}'),
    (11, 1, 'quote_1', ${15 * H}, 'm', '{}'),
    (12, 2, 'lost', ${42 * H}, 'm', '{}');
  INSERT INTO dispatches (id, lead_id, outcome, member_id, decision, at, actor, accept_due_at) VALUES
    (3, 4, 'member', 2, '{"whiteZone": true, "candidates": [{"memberId": 2, "via": "territory", "territoryName": "Vendôme"}]}', ${62 * H}, 'r', ${64 * H}),
    (4, 3, 'member', 1, '{"whiteZone": false, "candidates": [{"memberId": 1, "via": "radius", "territoryName": null}]}', ${52 * H}, 'r', NULL),
    (5, 2, 'pool', NULL, '{"whiteZone": false, "candidates": []}', ${32 * H}, 'r', NULL),
    (6, 4, 'member', 2, '{"candidates": [{"memberId": 2, "via": "territory", "territoryName": "Vendôme"}, {"memberId": 2, "via": "territory", "territoryName": "Blois"}, {"memberId": 1, "via": "territory", "territoryName": "Tours-Nord"}]}', ${65 * H}, 'r', NULL),
    (7, 4, 'member', 2, '{"candidates": [{"memberId": 2, "via": "territory", "territoryName": "Vendôme"}, {"memberId": 2, "via": "territory", "territoryName": "Blois"}]}', ${66 * H}, 'r', NULL);
  UPDATE dispatches SET member_id = 1 WHERE id = 6;
  UPDATE dispatches SET end_reason = 'claimed', ended_at = ${63 * H} WHERE id = 3;
  UPDATE dispatches SET member_id = 2, decision = '{"whiteZone": false, "candidates": [{"memberId": 2, "via": "territory", "territoryName": "Blois"}]}' WHERE id = 4;
  UPDATE leads SET temperature = 'hot', owner_member_id = 1, status = 'dispatched' WHERE id = 1;
  UPDATE leads SET received_at = ${80 * H} WHERE id = 2;
  UPDATE territories SET name = 'Blois-Centre' WHERE id = 11;
  UPDATE lead_events SET lead_id = 1 WHERE lead_id = 3;
  DELETE FROM leads WHERE id = 3;
  DELETE FROM territories WHERE id = 12;
  UPDATE leads SET first_name = 'Jean-Marc', phone = '+33611111111' WHERE id = 1;
  INSERT INTO member_absences (id, member_id, starts_on, ends_on, created_at) VALUES (1, 2, '2026-12-01', '2026-12-24', 1);
  INSERT INTO targets (id, month, region, leads, updated_at, actor) VALUES (1, '2026-12', '24', 100, 1, 'm');
`;

/** The dirty marks (0032): an hour may be marked once or more, as the engine fires its triggers; which hours are marked is what counts. */
const MARKS = /^kpi_dirty_(dispatch_)?hours$/;

/** Every row of every compared table, keys in lower case, in primary key order. */
function dump(db: Pick<Db, 'prepare'>, tables: Record<string, string>): Record<string, Record<string, unknown>[]> {
  return Object.fromEntries(
    Object.entries(tables).map(([table, order]) => [
      table,
      (db.prepare(MARKS.test(table) ? `SELECT DISTINCT hour FROM ${table} ORDER BY hour` : `SELECT * FROM ${table} ORDER BY ${order}`).all() as Record<string, unknown>[]).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v])),
      ),
    ]),
  );
}

describe.skipIf(!PG_URL)('the same writes on both engines (skipped unless AIGUILLAGE_TEST_PG_URL names a server)', () => {
  const pg = scratchForBlock('data', () => {});

  it('leave the same rows, through backfills and triggers', () => {
    const sqlite = sqliteDb(new Database(':memory:'));
    sqlite.pragma('foreign_keys = ON');
    migrate(sqlite, migrations, 6);
    migrate(pg(), postgresMigrations, 6);
    for (const db of [sqlite, pg()]) db.exec(BEFORE_KPI);
    migrate(sqlite);
    migrate(pg());
    for (const db of [sqlite, pg()]) db.exec(AFTER);

    // The full-text tables differ by design (engines.test.ts), and so does bulk_writes (SQLite's
    // switch for bulk imports; PostgreSQL's is a transaction-local setting, core/db/bulk.ts); the
    // product catalogue is seeded with the time of the migration, which is not the same instant on both.
    const skipped = /^(leads_fts|bulk_writes$|product_lines$|product_synonyms$)/;
    const tables = Object.fromEntries(
      Object.entries(sqliteShape(sqlite).tables)
        .filter(([name]) => !skipped.test(name))
        // The key as the shape writes it ("source_name nocase"), made an ORDER BY.
        .map(([name, shape]) => [name, shape.primaryKey.replace(/ nocase/g, '')]),
    );
    const expected = dump(sqlite, tables);
    expect(expected['lead_facts']).toHaveLength(3);
    expect(expected['kpi_dirty_hours']!.length).toBeGreaterThan(3);
    expect(dump(pg(), tables)).toEqual(expected);
  });
});
