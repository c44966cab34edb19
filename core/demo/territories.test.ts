import { describe, expect, it } from 'vitest';
import { seedDemo } from './network';
import { seedDemoTerritories } from './territories';
import { caller, testContext } from '../test-support';

describe('demo territories', () => {
  it('give most members a valid zone, leave some on radius only, with overlaps and white zones', () => {
    const ctx = testContext();
    seedDemo(ctx);
    const created = seedDemoTerritories(ctx);
    const { call } = caller(ctx);
    const territories = call('territories.list', {});
    expect(territories).toHaveLength(created);
    expect(created).toBeGreaterThanOrEqual(45);
    expect(territories.some((t) => t.priorityOverride === 1.5)).toBe(true);
    const withZone = new Set(territories.map((t) => t.memberId));
    expect(call('members.list', {}).filter((m) => !withZone.has(m.id)).length).toBeGreaterThanOrEqual(10);
    const { summary } = call('coverage.summary', {});
    expect(summary.overlapCommunes).toBeGreaterThan(100);
    expect(summary.whiteCommunes).toBeGreaterThan(1000);
    expect(summary.communesPct).toBeGreaterThan(30);
    expect(summary.communesPct).toBeLessThan(90);
  });
});
