/**
 * Leads inserted in bulk (an import batch) end up exactly as leads inserted one by one with the
 * row triggers: the same "imported" event, KPI facts row, dirty hour and search entry; and the
 * triggers are back on for the next writer. Runs on both engines.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/connection';
import { startImport } from '../intake/store';
import { testContext } from '../test-support';
import { withoutRowTriggers } from '../db/bulk';
import { insertImportedLeads, reserveLeadIds } from './bulk';
import { prepareLead } from './prepare';
import { listInput, listLeads } from './search';
import { addEvent, insertLead } from './store';

const NOW = Date.UTC(2026, 10, 23, 9, 0);
const HOUR = 3_600_000;
const PEOPLE = [
  { raw: { firstName: 'Élodie', lastName: 'Le Goff', phone: '06 12 34 56 78', email: 'elodie@exemple.fr', postalCode: '37000', city: 'Tours', source: 'Salon' }, receivedAt: NOW - 30 * HOUR },
  { raw: { firstName: 'Jérôme', lastName: 'Müller', phone: '+33 7 98 76 54 32', postalCode: '69003', city: 'Lyon', source: 'Site web' }, receivedAt: NOW - 2 * HOUR },
  { raw: { firstName: 'Anne', lastName: 'Dupont', email: 'anne@exemple.fr', postalCode: '75011', city: 'Paris', source: 'Salon' }, receivedAt: NOW - 2 * HOUR - 5 },
].map(({ raw, receivedAt }) => ({ ...prepareLead(raw, { now: NOW, defaultSource: 'Test', consentHow: 'test', missingPlace: 'reject' }).fields!, receivedAt }));

/** The rows derived from one lead, without its id. */
function derived(db: Db, id: number) {
  const { lead_id: _id, ...facts } = db.prepare('SELECT * FROM lead_facts WHERE lead_id = ?').get(id) as Record<string, unknown>;
  const events = db.prepare('SELECT type, at, actor, data FROM lead_events WHERE lead_id = ? ORDER BY id').all(id);
  return { facts, events };
}

const dirtyHours = (db: Db) => db.prepare('SELECT DISTINCT hour FROM kpi_dirty_hours ORDER BY hour').pluck().all();
const found = (db: Db, search: string) => listLeads(db, listInput.parse({ search, limit: 50 })).items.map((l) => l.id);

describe('leads inserted in bulk', () => {
  it('get the event, KPI facts, dirty hour and search entry leads inserted one by one get', () => {
    const { db } = testContext(NOW);
    const importId = db.transaction(() => startImport(db, 'x.csv', 'Test', PEOPLE.length, NOW, null))();
    const insert = (i: number) => insertLead(db, { fields: PEOPLE[i]!, score: 0, scoreBreakdown: [], importId, importLine: i + 2 }, NOW);
    db.exec('DELETE FROM kpi_dirty_hours');
    const single = db.transaction(() =>
      PEOPLE.map((_, i) => {
        const id = insert(i);
        addEvent(db, id, 'imported', NOW, 'test', { importId, line: i + 2 });
        return id;
      }),
    )();
    const singleHours = dirtyHours(db);
    db.exec('DELETE FROM kpi_dirty_hours');
    const bulk = db.transaction(() =>
      withoutRowTriggers(db, () => {
        const ids = reserveLeadIds(db, PEOPLE.length);
        insertImportedLeads(
          db,
          PEOPLE.map((fields, i) => ({ id: ids[i]!, fields, score: 0, scoreBreakdown: [], importId, importLine: i + 2 })),
          NOW,
          'test',
        );
        return ids;
      }),
    )();
    // The same rows as a lead inserted alone, but for its id.
    const row = (id: number) => {
      const { id: _id, ...rest } = db.prepare('SELECT * FROM leads WHERE id = ?').get(id) as Record<string, unknown>;
      return rest;
    };
    PEOPLE.forEach((_, i) => expect(row(bulk[i]!)).toEqual(row(single[i]!)));
    expect(dirtyHours(db)).toEqual(singleHours);
    expect(singleHours).toHaveLength(3);
    PEOPLE.forEach((_, i) => expect(derived(db, bulk[i]!)).toEqual(derived(db, single[i]!)));
    expect(derived(db, bulk[0]!).events).toEqual([{ type: 'imported', at: NOW, actor: 'test', data: JSON.stringify({ importId, line: 2 }) }]);
    const searches: [string, number][] = [
      ['elodie', 0],
      ['goff', 0],
      ['0612345678', 0],
      ['muller', 1],
      ['lyon', 1],
      ['anne', 2],
      ['75011', 2],
    ];
    for (const [search, i] of searches) expect(found(db, search).sort(), search).toEqual([single[i]!, bulk[i]!].sort());
    // The switch went with the bulk transaction: the next lead gets its rows from the triggers.
    const after = db.transaction(() => insert(0))();
    expect(derived(db, after).facts).toEqual(derived(db, single[0]!).facts);
    expect(found(db, 'elodie')).toHaveLength(3);
  });

  it('refuses to run outside a transaction, where nothing would put the triggers back', () => {
    const { db } = testContext(NOW);
    expect(() => withoutRowTriggers(db, () => null)).toThrow('inside a transaction');
    expect(() => insertImportedLeads(db, [], NOW, 'test')).toThrow('inside a transaction');
  });
});
