import { describe, expect, it } from 'vitest';
import { caller, testContext } from '../test-support';
import { demoArrivals, generator, seedDemoLeads } from './leads';

describe('demo leads', () => {
  it('arrive over the period, fewer at weekends, from six sources, the same for the same seed', () => {
    const leads = demoArrivals(generator(7), '2026-06-01', 182, 3000);
    expect(leads).toEqual(demoArrivals(generator(7), '2026-06-01', 182, 3000));
    expect(leads).toHaveLength(3000);
    expect(leads.map((l) => l.receivedAt)).toEqual([...leads.map((l) => l.receivedAt)].sort((a, b) => a - b));
    expect(leads[0]!.receivedAt).toBeGreaterThanOrEqual(Date.UTC(2026, 4, 31, 22));
    expect(leads.at(-1)!.receivedAt).toBeLessThan(Date.UTC(2026, 10, 30, 23));
    expect(new Set(leads.map((l) => l.source)).size).toBe(6);
    const weekend = leads.filter((l) => [0, 6].includes(new Date(l.receivedAt + 2 * 3_600_000).getUTCDay())).length;
    expect(weekend / leads.length).toBeGreaterThan(0.08);
    expect(weekend / leads.length).toBeLessThan(2 / 7);
    // Trade-show leads come on the shows' days only.
    expect(new Set(leads.filter((l) => l.source === 'Salon').map((l) => new Date(l.receivedAt).toISOString().slice(0, 10))).size).toBeLessThanOrEqual(7);
  });

  it('stored fast for fixtures: as received, placed, scored, deterministic', () => {
    const now = Date.UTC(2026, 10, 23, 9, 0);
    const a = testContext(now);
    const b = testContext(now);
    expect(seedDemoLeads(a, { count: 2000, now })).toBe(2000);
    seedDemoLeads(b, { count: 2000, now });
    const dump = (ctx: typeof a) => ctx.db.prepare('SELECT last_name, phone, postal_code, status, received_at, score FROM leads ORDER BY id').all();
    expect(dump(a)).toEqual(dump(b));
    const { call } = caller(a);
    expect(call('leads.list', { status: ['new'], limit: 1 }).total).toBe(2000);
    expect(call('leads.list', { from: now, limit: 1 }).total).toBe(0);
    expect(call('leads.list', { to: now - 183 * 86_400_000, limit: 1 }).total).toBe(0);
    const sources = a.db
      .prepare('SELECT count(DISTINCT source) AS n, count(DISTINCT departement) AS d, count(CASE WHEN lat IS NULL THEN 1 END) AS nogeo, count(CASE WHEN score > 0 THEN 1 END) AS scored FROM leads')
      .get() as {
      n: number;
      d: number;
      nogeo: number;
      scored: number;
    };
    expect(sources).toMatchObject({ n: 6, nogeo: 0 });
    expect(sources.d).toBeGreaterThan(60);
    expect(sources.scored).toBeGreaterThan(1000);
    expect(seedDemoLeads(a, { count: 10, now })).toBe(0);
  });
});
