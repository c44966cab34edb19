import { describe, expect, it } from 'vitest';
import { LEAD_STATUSES, memberAnswers, STEP_RULES, STEPS } from './leads';

describe('lead workflow', () => {
  it('offers a dispatched lead acceptance or refusal only (a claim has its own form)', () => {
    expect(memberAnswers('dispatched')).toEqual(['accepted', 'declined']);
  });

  it('offers a second quote only once a first one is recorded', () => {
    expect(memberAnswers('accepted')).toEqual(['contacted', 'quote_1', 'follow_up', 'won', 'lost']);
    expect(memberAnswers('quoted')).toEqual(['quote_1', 'quote_2', 'follow_up', 'won', 'lost']);
  });

  it('offers nothing on a lead that is closed or not yet dispatched', () => {
    for (const status of ['new', 'qualified', 'won', 'lost', 'declined'] as const) expect(memberAnswers(status)).toEqual([]);
  });

  it('leads every step only between known statuses', () => {
    for (const step of STEPS) {
      const rule = STEP_RULES[step];
      for (const s of [...rule.from, ...(rule.to ? [rule.to] : [])]) expect(LEAD_STATUSES).toContain(s);
    }
  });
});
