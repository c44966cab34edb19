/**
 * Several people at once: two edits made from the same version of a lead, member or territory.
 * The first wins; the second gets a conflict carrying the row as it is now, and changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { caller } from '../test-support';
import { conflict, setup } from '../test-network';

describe('row versions', () => {
  // The first lead created loads the geocoder's tables (seconds): done outside any test's time limit.
  beforeAll(() => void setup().lead(), 60_000);

  it('count every change of a lead, member and territory, with or without an expected version', () => {
    const { call, member, territory, lead } = setup();
    const m = member('Alpha');
    expect(m.version).toBe(1);
    const t = territory(m.id);
    expect(t.version).toBe(1);
    const l = lead();
    expect(l.version).toBeGreaterThan(1);
    const updated = call('members.update', { id: m.id, radiusKm: 10 });
    expect(updated.version).toBeGreaterThan(m.version);
    expect(call('members.update', { id: m.id, radiusKm: 12, expectedVersion: updated.version }).version).toBeGreaterThan(updated.version);
    expect(call('territories.update', { id: t.id, name: 'Tours', expectedVersion: t.version }).version).toBeGreaterThan(t.version);
  });

  it('let one of two qualifiers dispatch the same lead; the other gets the lead as dispatched, and no second dispatch', () => {
    const { ctx, call, tryCall, member, territory, lead } = setup();
    const a = member('Alpha');
    const b = member('Bravo');
    territory(a.id);
    const seen = lead();
    expect(call('routing.dispatch', { leadId: seen.id, expectedVersion: seen.version })).toMatchObject({ memberId: a.id });
    const refused = tryCall('routing.dispatch', { leadId: seen.id, memberId: b.id, reason: 'Client de Bravo', expectedVersion: seen.version });
    expect(refused).toMatchObject(conflict({ id: seen.id, status: 'dispatched', ownerMemberId: a.id }));
    // The last event on the lead is the winner's dispatch; its actor is who changed it.
    expect(refused).toMatchObject({ error: { stale: { changedBy: 'test' } } });
    expect(ctx.db.prepare('SELECT count(*) FROM dispatches WHERE lead_id = ?').pluck().get(seen.id)).toBe(1);
    expect(ctx.db.prepare("SELECT count(*) FROM lead_events WHERE lead_id = ? AND type = 'dispatched'").pluck().get(seen.id)).toBe(1);
  });

  it('refuse a stale manual dispatch as well, and answer in French', () => {
    const { ctx, call, member, territory, lead } = setup();
    const a = member('Alpha');
    const b = member('Bravo');
    territory(a.id);
    const seen = lead();
    call('leads.nurture', { id: seen.id, requalifyOn: '2027-01-04', expectedVersion: seen.version });
    const refused = caller(ctx, 'fr').tryCall('routing.dispatch', { leadId: seen.id, memberId: b.id, reason: 'Client de Bravo', expectedVersion: seen.version });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Quelqu’un d’autre a modifié ce lead (test) entre-temps ; rien n’a été enregistré. Voici son état actuel.', stale: { current: { status: 'nurturing' } } },
    });
    expect(ctx.db.prepare('SELECT count(*) FROM dispatches').pluck().get()).toBe(0);
  });

  it('refuse a stale qualification or discard, leaving the lead as the winner left it', () => {
    const { call, tryCall, lead } = setup();
    const seen = lead();
    call('leads.qualify', { id: seen.id, temperature: 'warm', expectedVersion: seen.version });
    expect(tryCall('leads.qualify', { id: seen.id, temperature: 'cold', expectedVersion: seen.version })).toMatchObject(conflict({ temperature: 'warm' }));
    expect(tryCall('leads.discard', { id: seen.id, reason: 'Doublon', expectedVersion: seen.version })).toMatchObject(conflict({ status: 'qualified' }));
    expect(call('leads.get', { id: seen.id }).lead).toMatchObject({ status: 'qualified', temperature: 'warm' });
  });

  it('refuse a stale member edit or archive, keeping the winner’s edit', () => {
    const { call, tryCall, member } = setup();
    const seen = member('Alpha');
    const won = call('members.update', { id: seen.id, capacityPerWeek: 30, expectedVersion: seen.version });
    expect(tryCall('members.update', { id: seen.id, capacityPerWeek: 5, expectedVersion: seen.version })).toMatchObject(conflict({ capacityPerWeek: 30 }));
    expect(tryCall('members.archive', { id: seen.id, expectedVersion: seen.version })).toMatchObject(conflict({ archivedAt: null }));
    expect(call('members.get', { id: seen.id })).toEqual(won);
  });

  it('refuse a stale territory edit or deletion, keeping the winner’s edit; undo and redo still apply and raise the version', () => {
    const { call, tryCall, member, territory } = setup();
    const m = member('Alpha');
    const seen = territory(m.id);
    const renamed = call('territories.update', { id: seen.id, name: 'Tours centre', expectedVersion: seen.version });
    expect(tryCall('territories.update', { id: seen.id, name: 'Tours nord', expectedVersion: seen.version })).toMatchObject(conflict({ name: 'Tours centre' }));
    expect(tryCall('territories.delete', { id: seen.id, expectedVersion: seen.version })).toMatchObject(conflict({ name: 'Tours centre' }));
    expect(call('territories.get', { id: seen.id })).toMatchObject({ name: 'Tours centre', version: renamed.version });
    call('territories.undo', {});
    const undone = call('territories.get', { id: seen.id });
    expect(undone.name).toBe(seen.name);
    expect(undone.version).toBeGreaterThan(renamed.version);
    expect(tryCall('territories.update', { id: seen.id, name: 'Tours sud', expectedVersion: renamed.version })).toMatchObject(conflict({ name: seen.name }));
    call('territories.delete', { id: seen.id, expectedVersion: undone.version });
    call('territories.undo', {});
    // Restored past the version it had when deleted: an edit that saw it before cannot pass.
    const restored = call('territories.get', { id: seen.id });
    expect(restored.version).toBeGreaterThan(undone.version);
    expect(tryCall('territories.update', { id: seen.id, name: 'Tours est', expectedVersion: undone.version })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    call('territories.redo', {});
    expect(tryCall('territories.get', { id: seen.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('report a missing row as not found, not as a conflict', () => {
    const { tryCall } = setup();
    expect(tryCall('members.update', { id: 99, radiusKm: 5, expectedVersion: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(tryCall('routing.dispatch', { leadId: 99, expectedVersion: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(tryCall('territories.delete', { id: 99, expectedVersion: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
