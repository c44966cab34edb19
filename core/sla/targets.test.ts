import { describe, expect, it } from 'vitest';
import { slaTargetsSchema } from './targets';

describe('SLA targets setting', () => {
  it('refuses targets of zero hours', () => {
    expect(slaTargetsSchema.safeParse({ hot: { accept: 0, contact: 24, quote: 72 } }).success).toBe(false);
  });

  it('holds a hot lead to 4 business hours to accept, amber after three quarters', () => {
    expect(slaTargetsSchema.parse({})).toMatchObject({ hot: { accept: 4 }, atRiskShare: 0.75 });
  });
});
