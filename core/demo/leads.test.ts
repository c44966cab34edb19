import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';
import { seedDemoLeads } from './leads';

describe('demo leads', () => {
  it('are deterministic, spread over six months, mostly worked when old and new when recent', () => {
    const now = Date.UTC(2026, 10, 23, 9, 0);
    const a = testContext(now);
    const b = testContext(now);
    expect(seedDemoLeads(a, { count: 2000, now })).toBe(2000);
    seedDemoLeads(b, { count: 2000, now });
    const dump = (ctx: typeof a) => ctx.db.prepare('SELECT last_name, phone, postal_code, status, received_at FROM leads ORDER BY id').all();
    expect(dump(a)).toEqual(dump(b));
    const { call } = caller(a);
    const recent = call('leads.list', { from: now - 2 * 86_400_000, limit: 1 });
    const recentNew = call('leads.list', { from: now - 2 * 86_400_000, status: ['new'], limit: 1 });
    expect(recentNew.total / recent.total).toBeGreaterThan(0.7);
    const old = call('leads.list', { to: now - 30 * 86_400_000, limit: 1 }).total;
    const oldNew = call('leads.list', { to: now - 30 * 86_400_000, status: ['new'], limit: 1 }).total;
    expect(oldNew / old).toBeLessThan(0.1);
    expect(call('leads.list', { to: now - 183 * 86_400_000, limit: 1 }).total).toBe(0);
    const sources = a.db.prepare('SELECT count(DISTINCT source) AS n, count(DISTINCT departement) AS d, sum(lat IS NULL) AS nogeo FROM leads').get();
    expect(sources).toEqual({ n: 6, d: expect.any(Number), nogeo: 0 });
    expect((sources as { d: number }).d).toBeGreaterThan(60);
    expect(seedDemoLeads(a, { count: 10, now })).toBe(0);
  });
});
