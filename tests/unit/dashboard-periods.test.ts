import { describe, expect, it } from 'vitest';
import { periodDates, previousMonth } from '../../renderer/src/components/dashboard/periods';

describe('dashboard periods', () => {
  // 00:30 in Paris on 1 November is still 31 October in UTC (and in a browser set to UTC).
  const parisNewMonth = Date.UTC(2026, 9, 31, 23, 30);

  it('counts presets from the Paris day, whatever the browser zone', () => {
    expect(periodDates('thisMonth', parisNewMonth)).toEqual({ from: '2026-11-01', to: '2026-11-01' });
    expect(periodDates('lastMonth', parisNewMonth)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(previousMonth(parisNewMonth)).toBe('2026-10');
  });

  it('ends the rolling windows today and spans whole days', () => {
    expect(periodDates('last30', parisNewMonth)).toEqual({ from: '2026-10-03', to: '2026-11-01' });
    expect(periodDates('last90', parisNewMonth)).toEqual({ from: '2026-08-04', to: '2026-11-01' });
  });

  it('starts this year on 1 January, and last month of January is December', () => {
    const january = Date.UTC(2027, 0, 15, 12);
    expect(periodDates('thisYear', january)).toEqual({ from: '2027-01-01', to: '2027-01-15' });
    expect(periodDates('lastMonth', january)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});
