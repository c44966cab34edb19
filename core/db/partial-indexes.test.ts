import { describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from './connection';
import { caller } from '../test-support';
import { findInDb } from '../leads/duplicates';
import { importFeedback } from '../workflow/feedback';
import { where, type Filters, type Scope } from '../kpi/scope';

/** The indexes SQLite reads for `sql`, its parameters bound to placeholders of the right count. */
function indexesRead(db: Db, sql: string): string {
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const params = (sql.match(/\?/g) ?? []).map(() => 'x');
  return (statement.all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

/** The SQL statements prepared on `db` while `fn` runs. */
function sqlPrepared(db: Db, fn: () => void): string[] {
  const prepare = vi.spyOn(db, 'prepare');
  try {
    fn();
    return prepare.mock.calls.map(([sql]) => String(sql));
  } finally {
    prepare.mockRestore();
  }
}

// An index holding only the leads that have a value is read only by a query whose WHERE implies it; the facts keep no index by source.
describe('the leads and facts indexes migration 0035 leaves (on SQLite)', () => {
  it('serve every query by a source reference', () => {
    const db = openDatabase(':memory:');
    const ctx = { db, dbPath: ':memory:', actor: 'test', now: () => Date.UTC(2026, 10, 23, 9) };
    const { call } = caller(ctx);
    const byReference = sqlPrepared(db, () => {
      call('leads.list', { search: 'REF-7' });
      call('leads.list', { search: '#' });
      findInDb(db, { phone: '', email: '', lastName: '', postalCode: '', externalRef: 'REF-7', source: 'Salon' });
      importFeedback(ctx, 'retours.csv', Buffer.from('Référence;Statut\nREF-7;contacté\n'));
    }).filter((sql) => sql.includes('external_ref = ?'));
    // The search's set form and its plain form, the duplicates' lookup and the feedback file's; the scan form (an OR) reads every lead anyway.
    expect(byReference.length).toBeGreaterThanOrEqual(4);
    for (const sql of byReference) expect(indexesRead(db, sql), sql).toContain('leads_by_external_ref');
  });

  it('serve the KPI facts filtered by a member, with a temperature or without, and the list of sources', () => {
    const db = openDatabase(':memory:');
    const facts = (filters: Filters) => {
      const w = where({ db, period: { from: 0, to: 1 }, filters } as Scope);
      return indexesRead(db, `SELECT count(*) ${w.sql}`);
    };
    expect(facts({ memberId: 3 })).toContain('lead_facts_by_owner_member_id');
    expect(facts({ memberId: 3, temperature: 'hot' })).toContain('lead_facts_by_owner_member_id');
    const sources = sqlPrepared(db, () => caller({ db, dbPath: ':memory:', actor: 'test', now: () => 0 }).call('kpi.filters', {})).find((sql) => sql.includes('DISTINCT source'));
    expect(indexesRead(db, sources!)).toContain('leads_by_source');
  });
});
