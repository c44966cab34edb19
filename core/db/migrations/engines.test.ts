import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Db } from '../connection';
import { migrate } from '../migrate';
import { migrations } from './index';
import { postgresMigrations } from './postgres';
import { postgresShape, sqliteShape, type SchemaShape } from './schema-shape';

const PG_URL = process.env.AIGUILLAGE_TEST_PG_URL;

/**
 * What the two schemas are meant to differ in; everything else must be equal.
 */
function withoutIntendedDifferences(shape: SchemaShape): SchemaShape {
  const copy: SchemaShape = structuredClone(shape);
  // Full-text search: SQLite's FTS5 virtual table leads_fts (and its shadow tables leads_fts_data,
  // _idx, _docsize, _config) against PostgreSQL's table leads_fts (lead_id, document tsvector)
  // with its GIN index. Both are filled by triggers of the same names on leads (compared below).
  for (const table of Object.keys(copy.tables)) if (/^leads_fts/.test(table)) delete copy.tables[table];
  for (const [name, index] of Object.entries(copy.indexes)) if (/^leads_fts/.test(index.table)) delete copy.indexes[name];
  // SQLite deletes a lead's FTS row by trigger; PostgreSQL's leads_fts row goes by its foreign key.
  delete copy.triggers['leads_fts_delete'];
  // The schema version: PRAGMA user_version on SQLite, a one-row table on PostgreSQL.
  delete copy.tables['schema_version'];
  return copy;
}

/** The part of pg-native's synchronous client used until the engine adapter lands. */
interface PgClient {
  connectSync(url: string): void;
  querySync(text: string, values?: unknown[]): Record<string, unknown>[];
  end(): void;
}

/**
 * A stand-in for the PostgreSQL Db: exec, and prepare with `?` placeholders, integers as numbers.
 * Enough for the migrations and the catalogue queries.
 */
function pgDb(url: string): Db & { end(): void } {
  const Client = createRequire(import.meta.url)('pg-native') as new (config: { types: unknown }) => PgClient;
  const client = new Client({ types: { getTypeParser: (oid: number) => ([20, 21, 23].includes(oid) ? Number : (v: string) => v) } });
  client.connectSync(url);
  client.querySync('SET client_min_messages = warning');
  const query = (sql: string, params: unknown[]) => {
    let n = 0;
    return client.querySync(sql.replace(/\?/g, () => `$${++n}`), params);
  };
  const statement = (sql: string) => ({
    run: (...params: unknown[]) => void query(sql, params),
    get: (...params: unknown[]) => query(sql, params)[0],
    all: (...params: unknown[]) => query(sql, params),
  });
  const db = {
    exec: (sql: string) => void client.querySync(sql),
    prepare: statement,
    end: () => client.end(),
  };
  return db as unknown as Db & { end(): void };
}

function migratePostgres(db: Db): void {
  for (const m of postgresMigrations) {
    db.exec('BEGIN');
    m.up(db);
    db.exec('COMMIT');
  }
}

/** The URL of a scratch database on the server of `url`. */
function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

describe('migrations on both engines', () => {
  it('are numbered in step: migration N has the same name on SQLite and PostgreSQL', () => {
    expect(postgresMigrations.map((m) => `${m.version} ${m.name}`)).toEqual(migrations.map((m) => `${m.version} ${m.name}`));
  });

  describe.skipIf(!PG_URL)('on PostgreSQL (skipped unless AIGUILLAGE_TEST_PG_URL names a server)', () => {
    const scratch = `aiguillage_engines_${process.pid}_${Date.now()}`;
    let admin: Db & { end(): void };
    let pg: Db & { end(): void };

    beforeAll(() => {
      admin = pgDb(PG_URL!);
      admin.exec(`CREATE DATABASE ${scratch}`);
      pg = pgDb(databaseUrl(PG_URL!, scratch));
      migratePostgres(pg);
    });

    afterAll(() => {
      pg?.end();
      admin?.exec(`DROP DATABASE IF EXISTS ${scratch}`);
      admin?.end();
    });

    it('build the same tables, columns, indexes, constraints and triggers, but for the listed differences', () => {
      const sqlite = new Database(':memory:');
      migrate(sqlite);
      expect(withoutIntendedDifferences(postgresShape(pg))).toEqual(withoutIntendedDifferences(sqliteShape(sqlite)));
    });

    it('notices a column or an index missing on one side', () => {
      const before = postgresShape(pg);
      pg.exec('BEGIN; ALTER TABLE leads DROP COLUMN campaign CASCADE; DROP INDEX members_by_siret');
      try {
        const after = postgresShape(pg);
        expect(after.tables['leads']!.columns).not.toHaveProperty('campaign');
        expect(after.indexes).not.toHaveProperty('members_by_siret');
        expect(after).not.toEqual(before);
      } finally {
        pg.exec('ROLLBACK');
      }
      expect(postgresShape(pg)).toEqual(before);
    });
  });
});
