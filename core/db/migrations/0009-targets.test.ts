import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { sqliteDb } from '../connection';
import { migrate } from '../migrate';
import { migrations } from './index';

const decision = (memberId: number, via: string, territoryName: string | null) =>
  JSON.stringify({
    candidates: [
      { memberId: 9, via: 'territory', territoryName: 'Blois' },
      { memberId, via, territoryName },
    ],
  });

describe('migration 0009 targets', () => {
  it('gives the dispatches of version 8 the territory their decision named for the chosen member, then keeps doing so', () => {
    const db = sqliteDb(new Database(':memory:'));
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, 8);
    db.exec(`
      INSERT INTO members (id, name, kind, postal_code, city, departement, capacity_per_week, priority_coefficient, radius_km, created_at, updated_at)
        VALUES (1, 'A', 'installer', '37000', 'Tours', '37', 10, 1, 30, 1, 1), (9, 'B', 'installer', '41000', 'Blois', '41', 10, 1, 30, 1, 1);
      INSERT INTO territories (id, member_id, name, kind, geometry, min_lon, min_lat, max_lon, max_lat, created_at, updated_at)
        VALUES (5, 1, 'Tours-Nord', 'polygon', '{}', 0, 0, 1, 1, 1, 1), (6, 9, 'Blois', 'polygon', '{}', 0, 0, 1, 1, 1, 1);
      INSERT INTO leads (id, last_name, received_at, created_at, updated_at) VALUES (1, 'X', 1, 1, 1);
    `);
    const dispatch = db.prepare(`INSERT INTO dispatches (lead_id, outcome, member_id, decision, at, actor) VALUES (1, 'member', ?, ?, 2, 'test')`);
    dispatch.run(1, decision(1, 'territory', 'Tours-Nord'));
    dispatch.run(1, decision(1, 'radius', null));
    dispatch.run(null, decision(1, 'territory', 'Tours-Nord'));
    migrate(db);
    const territories = () => db.prepare('SELECT territory_id FROM dispatches ORDER BY id').pluck().all();
    expect(territories()).toEqual([5, null, null]);

    dispatch.run(1, decision(1, 'territory', 'Tours-Nord'));
    db.prepare(`UPDATE territories SET name = 'Tours' WHERE id = 5`).run();
    expect(territories()).toEqual([5, null, null, 5]);
    db.prepare('DELETE FROM territories WHERE id = 5').run();
    expect(territories()).toEqual([null, null, null, null]);
  });

  it('keeps one target per month, place and source', () => {
    const db = sqliteDb(new Database(':memory:'));
    migrate(db);
    const insert = db.prepare(`INSERT INTO targets (month, region, source, leads, updated_at, actor) VALUES ('2026-10', ?, ?, 10, 1, 'test')`);
    insert.run(null, null);
    insert.run('Bretagne', null);
    insert.run(null, 'Salon');
    expect(() => insert.run(null, null)).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO targets (month, leads, updated_at, actor) VALUES ('2026-10', -1, 1, 'test')`).run()).toThrow(/CHECK/);
  });
});
