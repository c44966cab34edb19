import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/connection';
import type { Context } from '../commands/define';
import { caller, validMember } from '../test-support';
import { HISTORY_LIMIT } from './history';
import { setupNetwork, square } from './test-fixtures';

/** A context on a database file, with a clock that moves a minute per call so every write has its own updated_at. */
function fileContext(dbPath: string, start: number): Context {
  let now = start;
  return { db: openDatabase(dbPath), dbPath, actor: 'test', now: () => (now += 60_000) };
}

/** The territories without their versions: undo and redo bring the content back exactly, and the version only grows. */
const listed = (call: ReturnType<typeof caller>['call']) => call('territories.list', {}).map(({ version: _version, ...t }) => t);

describe('the map history', () => {
  it('draw, edit, delete, undo three times, reload, redo: every state comes back exactly, ids included', () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'aig-history-')), 'aiguillage.sqlite');
    const ctx = fileContext(dbPath, Date.UTC(2026, 10, 23, 9));
    const { call } = caller(ctx);
    const alpha = call('members.create', { ...validMember, name: 'Alpha' });
    const beta = call('members.create', { ...validMember, name: 'Beta' });
    // A neighbour the steps never touch, so "exactly" also means "nothing else moved".
    call('territories.create', { memberId: beta.id, name: 'Amboise', geometry: square(0.9, 47.4, 0.1) });
    const states = [listed(call)];

    const drawn = call('territories.create', { memberId: alpha.id, name: 'Tours nord', geometry: square(0.6, 47.4, 0.1), priorityOverride: 2 });
    states.push(listed(call));
    call('territories.update', { id: drawn.id, name: 'Tours', memberId: beta.id, priorityOverride: 3.5, geometry: square(0.55, 47.35, 0.2) });
    states.push(listed(call));
    call('territories.delete', { id: drawn.id });
    states.push(listed(call));
    expect(states.map((s) => s.length)).toEqual([1, 2, 2, 1]);
    expect(states[2]!.find((t) => t.id === drawn.id)).toMatchObject({ name: 'Tours', memberName: 'Beta', priorityOverride: 3.5 });

    expect(call('territories.undo', {}).step).toEqual({ action: 'delete', label: 'Tours', territoryIds: [drawn.id] });
    expect(listed(call)).toEqual(states[2]);
    expect(call('territories.undo', {}).step).toMatchObject({ action: 'update' });
    expect(listed(call)).toEqual(states[1]);
    expect(call('territories.undo', {}).history).toEqual({
      undo: { action: 'create', label: 'Amboise', territoryIds: [1] },
      redo: { action: 'create', label: 'Tours nord', territoryIds: [drawn.id] },
      undoCount: 1,
      redoCount: 3,
    });
    expect(listed(call)).toEqual(states[0]);
    ctx.db.close();

    const reopened = fileContext(dbPath, Date.UTC(2026, 10, 24, 9));
    const after = caller(reopened);
    expect(listed(after.call)).toEqual(states[0]);
    expect(after.call('territories.history', {})).toMatchObject({ undoCount: 1, redoCount: 3 });
    for (const expected of states.slice(1)) {
      after.call('territories.redo', {});
      expect(listed(after.call)).toEqual(expected);
    }
    expect(after.call('territories.history', {})).toMatchObject({ redo: null, undoCount: 4, redoCount: 0 });
    reopened.db.close();
  });

  it('brings a deleted territory back with the dispatches that pointed at it', () => {
    const { ctx, call, member } = setupNetwork();
    const m = member('Alpha');
    const t = call('territories.create', { memberId: m.id, name: 'Z', geometry: square(0.6, 47.4, 0.1) });
    const { lead } = call('leads.create', { lastName: 'Durand', phone: '06 12 34 56 78', postalCode: '37000', city: 'Tours' });
    const dispatchId = ctx.db
      .prepare(`INSERT INTO dispatches (lead_id, outcome, member_id, decision, at, actor) VALUES (?, 'member', ?, '{}', 0, 'test') RETURNING id`)
      .pluck()
      .get(lead.id, m.id) as number;
    ctx.db.prepare('UPDATE dispatches SET territory_id = ? WHERE id = ?').run(t.id, dispatchId);
    const territoryOf = () => ctx.db.prepare('SELECT territory_id FROM dispatches WHERE id = ?').pluck().get(dispatchId);

    call('territories.delete', { id: t.id });
    expect(territoryOf()).toBeNull();
    call('territories.undo', {});
    expect(territoryOf()).toBe(t.id);
    call('territories.redo', {});
    expect(territoryOf()).toBeNull();
    call('territories.undo', {});
    expect(territoryOf()).toBe(t.id);
    // Undoing the creation removes the row; redoing it points the dispatch back too.
    call('territories.undo', {});
    expect(territoryOf()).toBeNull();
    call('territories.redo', {});
    expect(territoryOf()).toBe(t.id);
  });

  it('drops the redo branch on a new edit', () => {
    const { call, member } = setupNetwork();
    const m = member('Alpha');
    const t = call('territories.create', { memberId: m.id, name: 'A', geometry: square(0.6, 47.4, 0.1) });
    call('territories.update', { id: t.id, name: 'B' });
    call('territories.undo', {});
    expect(call('territories.history', {})).toMatchObject({ undoCount: 1, redoCount: 1 });
    call('territories.update', { id: t.id, name: 'C' });
    expect(call('territories.history', {})).toMatchObject({ undo: { action: 'update', label: 'C' }, redo: null, undoCount: 2, redoCount: 0 });
  });

  it('refuses a step whose territory changed outside the history, clears the history and changes nothing', () => {
    const { ctx, call, tryCall, member } = setupNetwork();
    const m = member('Alpha');
    const t = call('territories.create', { memberId: m.id, name: 'A', geometry: square(0.6, 47.4, 0.1) });
    call('territories.update', { id: t.id, name: 'B' });
    ctx.db.prepare(`UPDATE territories SET name = 'by the CLI' WHERE id = ?`).run(t.id);
    const before = call('territories.list', {});
    const refused = tryCall('territories.undo', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!refused.ok && refused.error.message).toMatch(/“B” was changed outside the map's history.*history was cleared/);
    expect(call('territories.list', {})).toEqual(before);
    expect(call('territories.history', {})).toEqual({ undo: null, redo: null, undoCount: 0, redoCount: 0 });
  });

  it('refuses to bring back a territory whose member was deleted since', () => {
    const { ctx, call, tryCall, member } = setupNetwork();
    const m = member('Alpha');
    const t = call('territories.create', { memberId: m.id, name: 'A', geometry: square(0.6, 47.4, 0.1) });
    call('territories.delete', { id: t.id });
    ctx.db.prepare('DELETE FROM members WHERE id = ?').run(m.id);
    expect(tryCall('territories.undo', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(call('territories.list', { memberId: m.id })).toEqual([]);
  });

  it('says when there is nothing to undo or redo', () => {
    const { tryCall } = setupNetwork();
    expect(tryCall('territories.undo', {})).toMatchObject({ ok: false, error: { code: 'conflict', message: 'There is no map edit to undo.' } });
    expect(tryCall('territories.redo', {})).toMatchObject({ ok: false, error: { code: 'conflict', message: 'There is no map edit to redo.' } });
  });

  it('keeps the last HISTORY_LIMIT steps', () => {
    const { call, member } = setupNetwork();
    const m = member('Alpha');
    const t = call('territories.create', { memberId: m.id, name: 'v0', geometry: square(0.6, 47.4, 0.1) });
    for (let i = 1; i <= HISTORY_LIMIT; i++) call('territories.update', { id: t.id, name: `v${i}` });
    expect(call('territories.history', {})).toMatchObject({ undoCount: HISTORY_LIMIT, undo: { label: `v${HISTORY_LIMIT}` } });
    for (let i = 0; i < HISTORY_LIMIT; i++) call('territories.undo', {});
    // The creation fell off the end: the territory stays, at its oldest remembered state.
    expect(call('territories.list', {}).map((x) => x.name)).toEqual(['v0']);
    expect(call('territories.history', {})).toMatchObject({ undo: null, undoCount: 0, redoCount: HISTORY_LIMIT });
  });

  it('records a GeoJSON import as one step, refused updates and dry runs as none', () => {
    const { call, tryCall, member } = setupNetwork();
    const m = member('Alpha');
    const feature = (lon: number) => ({ type: 'Feature', properties: { memberId: m.id, territoryName: `Z${lon}` }, geometry: square(lon, 47.4, 0.1) });
    const geojson = { type: 'FeatureCollection', features: [feature(0.6), feature(0.8)] };
    call('territories.importGeoJson', { geojson, dryRun: true });
    expect(call('territories.history', {}).undoCount).toBe(0);
    const imported = call('territories.importGeoJson', { geojson, dryRun: false });
    expect(imported.imported).toBe(2);
    expect(call('territories.history', {})).toMatchObject({ undo: { action: 'import', label: '2' }, undoCount: 1 });
    const [first] = call('territories.list', {});
    expect(tryCall('territories.update', { id: first!.id, geometry: square(-3.7, 40.4, 0.1) }).ok).toBe(false);
    expect(call('territories.history', {}).undoCount).toBe(1);
    call('territories.undo', {});
    expect(call('territories.list', {})).toEqual([]);
    call('territories.redo', {});
    expect(call('territories.list', {}).map((x) => x.name)).toEqual(['Z0.6', 'Z0.8']);
  });
});
