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
});
