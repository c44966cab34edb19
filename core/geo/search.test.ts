import { describe, expect, it } from 'vitest';
import { departementCentre } from './places';
import { searchPlaces } from './search';

describe('place search', () => {
  it('finds communes by the start of their name, most populous first', () => {
    const names = searchPlaces('bourg', 5).map((p) => p.name);
    expect(names[0]).toBe('Bourges');
    expect(names).toContain('Bourg-en-Bresse');
  });
  it('reads "st eti" as "saint eti"', () => {
    expect(searchPlaces('st eti', 3)[0]?.name).toBe('Saint-Étienne');
  });
  it('finds by postal code prefix, and an exact code gives its arrondissement', () => {
    expect(searchPlaces('69003', 5).map((p) => p.insee)).toEqual(['69383']);
    expect(searchPlaces('750', 30).every((p) => p.postalCode.startsWith('750'))).toBe(true);
  });
  it('respects the limit', () => {
    expect(searchPlaces('s', 10)).toHaveLength(10);
    expect(searchPlaces('s', 3)).toHaveLength(3);
  });
  it('gives département centres inside France', () => {
    const gironde = departementCentre('33');
    expect(gironde?.name).toBe('Gironde');
    expect(gironde?.point.lat).toBeGreaterThan(44);
    expect(gironde?.point.lat).toBeLessThan(46);
    expect(departementCentre('2a')?.code).toBe('2A');
    expect(departementCentre('99')).toBeNull();
  });
});
