import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { sqliteDb, type Db } from '../connection';
import { migrate, schemaVersion, SCHEMA_VERSION } from '../migrate';
import { migrations } from './index';

const names = (db: Db, type: string) => (db.prepare('SELECT name FROM sqlite_schema WHERE type = ? ORDER BY name').all(type) as { name: string }[]).map((r) => r.name);

describe('migrations 0003 territories and 0004 member absences', () => {
  it('apply from an empty database with the runner as it is', () => {
    const db = sqliteDb(new Database(':memory:'));
    migrate(db);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(4);
    expect(names(db, 'table')).toEqual(expect.arrayContaining(['members', 'settings', 'territories', 'network_version', 'member_absences']));
    expect(names(db, 'index')).toEqual(expect.arrayContaining(['territories_by_member_id', 'member_absences_by_member_id']));
  });

  it('keep members from version 2 and bump the network version on every write', () => {
    const db = sqliteDb(new Database(':memory:'));
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, 2);
    db.prepare(
      `INSERT INTO members (name, kind, postal_code, city, departement, capacity_per_week, priority_coefficient, radius_km, created_at, updated_at)
       VALUES ('Kept', 'installer', '37000', 'Tours', '37', 10, 1, 30, 1, 1)`,
    ).run();
    migrate(db);
    const version = () => db.prepare('SELECT version FROM network_version').pluck().get();
    expect(db.prepare('SELECT name FROM members').pluck().all()).toEqual(['Kept']);
    expect(version()).toBe(0);
    db.prepare('UPDATE members SET radius_km = 40').run();
    db.prepare(`INSERT INTO territories (member_id, name, kind, geometry, min_lon, min_lat, max_lon, max_lat, created_at, updated_at) VALUES (1, 'T', 'polygon', '{}', 0, 0, 1, 1, 1, 1)`).run();
    db.prepare('DELETE FROM territories').run();
    expect(version()).toBe(3);
  });

  it('refuse a circle without radius and an absence ending before it starts', () => {
    const db = sqliteDb(new Database(':memory:'));
    migrate(db);
    db.prepare(
      `INSERT INTO members (name, kind, postal_code, city, departement, capacity_per_week, priority_coefficient, radius_km, created_at, updated_at) VALUES ('M', 'installer', '37000', 'Tours', '37', 1, 1, 1, 1, 1)`,
    ).run();
    expect(() =>
      db.prepare(`INSERT INTO territories (member_id, name, kind, geometry, min_lon, min_lat, max_lon, max_lat, created_at, updated_at) VALUES (1, 'T', 'circle', '{}', 0, 0, 1, 1, 1, 1)`).run(),
    ).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO member_absences (member_id, starts_on, ends_on, created_at) VALUES (1, '2026-12-02', '2026-12-01', 1)`).run()).toThrow(/CHECK/);
  });
});
