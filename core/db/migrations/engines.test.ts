import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { sqliteDb } from '../connection';
import { migrate } from '../migrate';
import { PG_URL, scratchForBlock } from './pg-scratch';
import { postgresShape, sqliteShape, type SchemaShape } from './schema-shape';

/**
 * What the two schemas are meant to differ in; everything else must be equal. Not compared at
 * all: a trigger's timing (dispatches_territory and dispatches_territory_changed are BEFORE
 * triggers on PostgreSQL, AFTER ones on SQLite: postgres/0009 says why) and the text of CHECKs
 * (counted per table); engines-data.test.ts checks what both do.
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
  // The switch of an import's bulk writes (migration 22): a row of bulk_writes on SQLite, whose
  // trigger conditions read tables; a transaction-local setting on PostgreSQL, whose cannot.
  delete copy.tables['bulk_writes'];
  // The schema version: PRAGMA user_version on SQLite, a one-row table on PostgreSQL.
  delete copy.tables['schema_version'];
  return copy;
}

describe('migrations on both engines', () => {
  describe.skipIf(!PG_URL)('on PostgreSQL (skipped unless AIGUILLAGE_TEST_PG_URL names a server)', () => {
    const pg = scratchForBlock('schema');

    it('build the same tables, columns, indexes, constraints and triggers, but for the listed differences', () => {
      const sqlite = sqliteDb(new Database(':memory:'));
      migrate(sqlite);
      expect(withoutIntendedDifferences(postgresShape(pg()))).toEqual(withoutIntendedDifferences(sqliteShape(sqlite)));
    });

    it('notices a column or an index missing on one side', () => {
      const before = postgresShape(pg());
      pg().exec('BEGIN; ALTER TABLE leads DROP COLUMN campaign CASCADE; DROP INDEX members_by_siret');
      try {
        const after = postgresShape(pg());
        expect(after.tables['leads']!.columns).not.toHaveProperty('campaign');
        expect(after.indexes).not.toHaveProperty('members_by_siret');
        expect(after).not.toEqual(before);
      } finally {
        pg().exec('ROLLBACK');
      }
      expect(postgresShape(pg())).toEqual(before);
    });
  });
});
