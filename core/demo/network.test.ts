import { describe, expect, it } from 'vitest';
import { demoMembers, seedDemo } from './network';
import { memberFields } from '../members/schema';
import { departementOfPostalCode } from '../geo/departements';
import { testContext } from '../test-support';

describe('demo network', () => {
  it('has about 60 valid members with distinct names spread over many départements', () => {
    const members = demoMembers();
    expect(members.length).toBeGreaterThanOrEqual(55);
    for (const m of members) expect(memberFields.safeParse(m).success).toBe(true);
    expect(new Set(members.map((m) => m.name.toLowerCase())).size).toBe(members.length);
    expect(new Set(members.map((m) => departementOfPostalCode(m.postalCode))).size).toBeGreaterThanOrEqual(45);
  });

  it('is seeded once only', () => {
    const ctx = testContext();
    expect(seedDemo(ctx)).toBe(demoMembers().length);
    expect(seedDemo(ctx)).toBe(0);
  });
});
