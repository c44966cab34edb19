import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, schemaVersion, SCHEMA_VERSION } from './migrate';
import { migrations } from './migrations';
import { openDatabase, sqliteDb, sqliteOf, type Db } from './connection';

function tables(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('migrations', () => {
  it('bring an empty database to the latest schema version', () => {
    const db = sqliteDb(new Database(':memory:'));
    migrate(db);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(tables(db)).toEqual(expect.arrayContaining(['members', 'settings']));
  });

  it.each(migrations.map((m) => [m.version]))('upgrade a database left at version %i - 1 without losing its rows', (version) => {
    const db = sqliteDb(new Database(':memory:'));
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, version - 1);
    expect(schemaVersion(db)).toBe(version - 1);
    if (version > 1) {
      db.prepare(
        `INSERT INTO members (name, kind, postal_code, city, departement, capacity_per_week, priority_coefficient, radius_km, created_at, updated_at)
         VALUES ('Kept', 'installer', '37000', 'Tours', '37', 10, 1, 30, 1, 1)`,
      ).run();
    }
    migrate(db);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    if (version > 1) expect(db.prepare('SELECT name FROM members').all()).toEqual([{ name: 'Kept' }]);
  });

  it('do nothing the second time', () => {
    const db = sqliteDb(new Database(':memory:'));
    migrate(db);
    const before = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all();
    migrate(db);
    expect(db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()).toEqual(before);
  });

  it('refuse a database written by a newer app and leave it untouched', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aig-')), 'newer.sqlite');
    const db = sqliteDb(new Database(file));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer version of Aiguillage/);
    const again = sqliteDb(new Database(file));
    expect(schemaVersion(again)).toBe(SCHEMA_VERSION + 1);
    expect(tables(again)).toEqual([]);
  });

  it('roll back a migration that fails half way', () => {
    const db = sqliteDb(new Database(':memory:'));
    const broken = [
      ...migrations,
      {
        version: migrations.length + 1,
        name: 'broken',
        up: (d: Db) => {
          d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
          d.exec('INSERT INTO no_such_table VALUES (1)');
        },
      },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(tables(db)).not.toContain('half_done');
  });

  it('open files in WAL mode with foreign keys on', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aig-')), 'wal.sqlite');
    const db = sqliteOf(openDatabase(file), 'test');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });
});
