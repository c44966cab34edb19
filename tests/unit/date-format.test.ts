import { describe, expect, it } from 'vitest';
import { dateFormat, parisDateTime, parisDayPlus } from '../../renderer/src/components/leads/format';

describe('date formatters', () => {
  it('builds one formatter per locale and options, and writes what a new one would', () => {
    const options = { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' } as const;
    expect(dateFormat('fr-FR', options)).toBe(dateFormat('fr-FR', { ...options }));
    expect(dateFormat('en-GB', options)).not.toBe(dateFormat('fr-FR', options));
    const at = Date.UTC(2026, 2, 29, 0, 30); // 01:30 in Paris, the night the clocks go forward
    expect(parisDateTime(at, 'fr-FR')).toBe(new Intl.DateTimeFormat('fr-FR', options).format(at));
    expect(parisDateTime(at, 'en-GB')).toBe(new Intl.DateTimeFormat('en-GB', options).format(at));
    expect(parisDayPlus(1, Date.UTC(2026, 11, 31, 23, 30))).toBe('2027-01-02');
  });
});
