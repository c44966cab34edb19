import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';

describe('list filters', () => {
  it('refuse an unbounded array with a clear error instead of "too many SQL variables"', () => {
    const { call, tryCall } = caller(testContext());
    call('leads.create', { lastName: 'Durand', phone: '0612345678', postalCode: '37000' });
    expect(tryCall('leads.list', { status: Array(100_000).fill('new') })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: ['status'], message: 'At most 11 values, each once' }] },
    });
    expect(tryCall('leads.list', { temperature: Array(5).fill('hot') })).toMatchObject({ ok: false, error: { issues: [{ path: ['temperature'], message: 'At most 4 values, each once' }] } });
    // Every value once, or a value repeated within the bound, still works.
    expect(call('leads.list', { status: ['new', 'new', 'won'] }).total).toBe(1);
    expect(
      call('leads.list', {
        status: ['new', 'qualified', 'discarded', 'nurturing', 'dispatched', 'accepted', 'declined', 'contacted', 'quoted', 'won', 'lost'],
        temperature: ['hot', 'warm', 'cold', 'none'],
      }).total,
    ).toBe(1);
  });

  it('bound the tables of scoring rules and simulated coefficients', () => {
    const { call, tryCall } = caller(testContext());
    const rules = call('scoring.rules.get', {});
    const source = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`source ${i}`, 1]));
    expect(tryCall('scoring.rules.set', { rules: { ...rules, source } })).toMatchObject({ ok: false, error: { issues: [{ path: ['rules', 'source'], message: 'At most 500 values' }] } });
    const coefficients = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [String(i + 1), 1]));
    expect(tryCall('routing.simulate', { from: 0, to: 1, settings: call('routing.settings.get', {}), coefficients } as never)).toMatchObject({
      ok: false,
      error: { issues: [{ path: ['coefficients'], message: 'At most 10,000 members' }] },
    });
  });

  it('page a search the same way whether it matches a few leads (read as a set) or hundreds (read in order)', () => {
    const ctx = testContext();
    const { call } = caller(ctx);
    const insert = ctx.db.prepare('INSERT INTO leads (last_name, external_ref, received_at, created_at, updated_at) VALUES (?, ?, ?, 1, 1) RETURNING id');
    const id = (name: string, ref: string, at: number) => (insert.get(name, ref, at) as { id: number }).id;
    // 510 Martins and a Durand whose source reference is "martin": past the 500 matches read as a set.
    const martins = Array.from({ length: 510 }, (_, i) => id('Martin', '', (i + 1) * 1000));
    const durand = id('Durand', 'martin', 255_500);
    const byReceived = [...martins.slice(0, 255), durand, ...martins.slice(255)].reverse();
    const first = call('leads.list', { search: 'Martin', limit: 50 });
    expect({ total: first.total, ids: first.items.map((l) => l.id) }).toEqual({ total: 511, ids: byReceived.slice(0, 50) });
    // "mart" is the prefix of the Martins' name, not the Durand's whole reference.
    const last = call('leads.list', { search: 'mart', limit: 50, offset: 500, sort: 'received_asc' });
    expect({ total: last.total, ids: last.items.map((l) => l.id) }).toEqual({ total: 510, ids: martins.slice(500) });
    // Two Durands: the set.
    const other = id('Durand', '', 1);
    expect(call('leads.list', { search: 'Durand' }).items.map((l) => l.id)).toEqual([durand, other]);
    expect(call('leads.list', { search: 'martin', sort: 'received_asc', limit: 3, offset: 254 }).items.map((l) => l.id)).toEqual([martins[254], durand, martins[255]]);
  });
});
