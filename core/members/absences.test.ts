import { describe, expect, it } from 'vitest';
import { caller, testContext, validMember } from '../test-support';

function setup() {
  const ctx = testContext();
  const api = caller(ctx);
  const m = api.call('members.create', validMember);
  return { ctx, ...api, m };
}

describe('member absences', () => {
  it('are added, listed in date order and removed (returning the row for undo)', () => {
    const { call, m } = setup();
    const later = call('members.absences.add', { memberId: m.id, startsOn: '2026-12-21', endsOn: '2027-01-02', reason: 'Congés' });
    const sooner = call('members.absences.add', { memberId: m.id, startsOn: '2026-11-30', endsOn: '2026-11-30' });
    expect(later).toMatchObject({ memberId: m.id, startsOn: '2026-12-21', endsOn: '2027-01-02', reason: 'Congés' });
    expect(call('members.absences.list', { memberId: m.id }).map((a) => a.id)).toEqual([sooner.id, later.id]);
    expect(call('members.absences.list', { from: '2026-12-01' }).map((a) => a.id)).toEqual([later.id]);
    const { merged: _none, ...soonerStored } = sooner;
    const { merged: _none2, ...laterStored } = later;
    expect(call('members.absences.remove', { id: sooner.id })).toEqual(soonerStored);
    expect(call('members.absences.list', {})).toEqual([laterStored]);
  });

  it.each([
    [{ startsOn: '2026-02-30', endsOn: '2026-03-01' }, 'startsOn', 'does not exist'],
    [{ startsOn: '1/12/2026', endsOn: '2026-12-02' }, 'startsOn', 'YYYY-MM-DD'],
    [{ startsOn: '2026-12-05', endsOn: '2026-12-01' }, 'endsOn', 'ends before it starts'],
  ])('refuse %j', (dates, field, message) => {
    const { tryCall, m } = setup();
    const result = tryCall('members.absences.add', { memberId: m.id, ...dates });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!result.ok) expect(result.error.issues?.find((i) => i.path[0] === field)?.message).toContain(message);
  });

  it('merge an absence overlapping others of the same member into one, and say which it absorbed', () => {
    const { call, m } = setup();
    const other = call('members.create', { ...validMember, code: 'B2' });
    const first = call('members.absences.add', { memberId: m.id, startsOn: '2026-12-01', endsOn: '2026-12-10', reason: 'Congés' });
    const second = call('members.absences.add', { memberId: m.id, startsOn: '2026-12-15', endsOn: '2026-12-20', reason: 'Formation' });
    const elsewhere = call('members.absences.add', { memberId: other.id, startsOn: '2026-12-05', endsOn: '2026-12-16' });
    const merged = call('members.absences.add', { memberId: m.id, startsOn: '2026-12-10', endsOn: '2026-12-15', reason: 'Congés' });
    expect(merged).toMatchObject({ startsOn: '2026-12-01', endsOn: '2026-12-20', reason: 'Congés · Formation' });
    expect(merged.merged).toEqual([first, second].map(({ merged: _m, ...a }) => a));
    expect(call('members.absences.list', { memberId: m.id }).map((a) => [a.startsOn, a.endsOn])).toEqual([['2026-12-01', '2026-12-20']]);
    expect(call('members.absences.list', { memberId: other.id }).map((a) => a.id)).toEqual([elsewhere.id]);
    // A period inside another changes nothing but the reasons; the day after is a new period.
    expect(call('members.absences.add', { memberId: m.id, startsOn: '2026-12-03', endsOn: '2026-12-04' })).toMatchObject({
      startsOn: '2026-12-01',
      endsOn: '2026-12-20',
      reason: 'Congés · Formation',
    });
    call('members.absences.add', { memberId: m.id, startsOn: '2026-12-21', endsOn: '2026-12-22' });
    expect(call('members.absences.list', { memberId: m.id })).toHaveLength(2);
  });

  it('refuse an unknown member or absence', () => {
    const { tryCall } = setup();
    expect(tryCall('members.absences.add', { memberId: 99, startsOn: '2026-12-01', endsOn: '2026-12-01' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(tryCall('members.absences.remove', { id: 99 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
