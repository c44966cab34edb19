import { describe, expect, it } from 'vitest';
import { setupNetwork, square } from './test-fixtures';

describe('territories', () => {
  it('are created, listed by member and read back', () => {
    const { call, member } = setupNetwork();
    const a = member('Alpha');
    const b = member('Beta');
    const t = call('territories.create', { memberId: a.id, name: 'Tours nord', geometry: square(0.6, 47.4, 0.1), priorityOverride: 2 });
    call('territories.create', { memberId: b.id, name: 'Amboise', geometry: square(0.9, 47.4, 0.1) });
    expect(t).toMatchObject({ id: 1, memberId: a.id, memberName: 'Alpha', name: 'Tours nord', kind: 'polygon', priorityOverride: 2, center: null, radiusKm: null });
    expect(call('territories.list', {}).map((x) => x.name)).toEqual(['Tours nord', 'Amboise']);
    expect(call('territories.list', { memberId: b.id }).map((x) => x.name)).toEqual(['Amboise']);
    expect(call('territories.get', { id: t.id })).toEqual(t);
  });

  it('refuse an unknown or archived member', () => {
    const { call, tryCall, member } = setupNetwork();
    expect(tryCall('territories.create', { memberId: 42, name: 'Z', geometry: square(0.6, 47.4, 0.1) })).toMatchObject({ ok: false, error: { code: 'not_found', issues: [{ path: ['memberId'] }] } });
    const m = member('Alpha');
    call('members.archive', { id: m.id });
    expect(tryCall('territories.create', { memberId: m.id, name: 'Z', geometry: square(0.6, 47.4, 0.1) })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('need a name and a geometry', () => {
    const { tryCall, member } = setupNetwork();
    const m = member('Alpha');
    expect(tryCall('territories.create', { memberId: m.id, name: ' ', geometry: square(0.6, 47.4, 0.1) })).toMatchObject({ ok: false, error: { issues: [{ path: ['name'] }] } });
    expect(tryCall('territories.create', { memberId: m.id, name: 'Z' })).toMatchObject({ ok: false, error: { issues: [{ path: ['geometry'] }] } });
  });

  describe('update', () => {
    it('changes the geometry, name, member and priority override', () => {
      const { call, member } = setupNetwork();
      const a = member('Alpha');
      const b = member('Beta');
      const t = call('territories.create', { memberId: a.id, name: 'Z', geometry: square(0.6, 47.4, 0.1), priorityOverride: 3 });
      const u = call('territories.update', { id: t.id, name: 'Z2', memberId: b.id, geometry: square(0.75, 47.5, 0.25), priorityOverride: null });
      expect(u).toMatchObject({ name: 'Z2', memberId: b.id, memberName: 'Beta', priorityOverride: null, bbox: [0.75, 47.5, 1, 47.75] });
    });

    it('keeps the centre when only the radius of a circle changes, and can turn a circle into a polygon', () => {
      const { call, member } = setupNetwork();
      const m = member('Alpha');
      const c = call('territories.create', { memberId: m.id, name: 'C', kind: 'circle', center: { lat: 47.4, lon: 0.7 }, radiusKm: 10 });
      expect(call('territories.update', { id: c.id, radiusKm: 20 })).toMatchObject({ center: { lat: 47.4, lon: 0.7 }, radiusKm: 20 });
      expect(call('territories.update', { id: c.id, kind: 'polygon', geometry: square(0.6, 47.4, 0.1) })).toMatchObject({ kind: 'polygon', center: null, radiusKm: null });
    });

    it('refuses an invalid geometry and leaves the territory as it was', () => {
      const { call, tryCall, member } = setupNetwork();
      const m = member('Alpha');
      const t = call('territories.create', { memberId: m.id, name: 'Z', geometry: square(0.6, 47.4, 0.1) });
      expect(tryCall('territories.update', { id: t.id, name: 'New', geometry: square(-3.7, 40.4, 0.1) })).toMatchObject({ ok: false, error: { issues: [{ path: ['geometry'] }] } });
      expect(call('territories.get', { id: t.id })).toEqual(t);
    });

    it('reports an unknown territory as not found', () => {
      const { tryCall } = setupNetwork();
      expect(tryCall('territories.update', { id: 9, name: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    });
  });

  it('delete returns the deleted territory', () => {
    const { call, member } = setupNetwork();
    const m = member('Alpha');
    const t = call('territories.create', { memberId: m.id, name: 'Z', geometry: square(0.6, 47.4, 0.1), priorityOverride: 1.5 });
    const deleted = call('territories.delete', { id: t.id });
    expect(deleted).toEqual(t);
    expect(call('territories.list', {})).toEqual([]);
  });

  it('hide the territories of archived members from the full list', () => {
    const { call, member } = setupNetwork();
    const m = member('Alpha');
    call('territories.create', { memberId: m.id, name: 'Z', geometry: square(0.6, 47.4, 0.1) });
    call('members.archive', { id: m.id });
    expect(call('territories.list', {})).toEqual([]);
    expect(call('territories.list', { memberId: m.id })).toHaveLength(1);
  });
});
