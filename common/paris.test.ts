import { describe, expect, it } from 'vitest';
import { addDaysToDate, parisDay, parisMidnight } from './paris';

describe('Paris days', () => {
  it('puts 23:30 in Paris on the last day of a month in that month, not the next UTC day', () => {
    expect(parisDay(Date.UTC(2026, 9, 31, 22, 30))).toBe('2026-10-31');
    expect(parisDay(Date.UTC(2026, 9, 31, 23, 30))).toBe('2026-11-01');
  });

  it('starts a day at Paris midnight on both sides of a clock change', () => {
    expect(parisMidnight(2026, 3, 29)).toBe(Date.UTC(2026, 2, 28, 23)); // still winter time at midnight
    expect(parisMidnight(2026, 3, 30)).toBe(Date.UTC(2026, 2, 29, 22));
    expect(parisMidnight(2026, 12, 32)).toBe(parisMidnight(2027, 1, 1));
  });

  it('moves a date by whole days across months and years', () => {
    expect(addDaysToDate('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDaysToDate('2026-03-01', -1)).toBe('2026-02-28');
  });
});
