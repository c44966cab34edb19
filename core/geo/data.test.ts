import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASEMAP_FILE, COMMUNES_FILE, readGeoFile, resourcesDir, type CommunesFile } from './data';
import { places } from './places';
import type { Basemap } from './types';

/** A figure from COVERAGE.md's table, found by the start of its row. */
function coverageFigure(rowStart: string): number {
  const md = readFileSync(join(resourcesDir(), 'geo', 'COVERAGE.md'), 'utf8');
  const row = md.split('\n').find((line) => line.startsWith(`| ${rowStart}`));
  return Number(row?.split('|').at(-2)?.trim());
}

describe('built geography', () => {
  const all = places().all;
  const count = (precision: string): number => all.filter((c) => c.precision === precision).length;

  it('gives every commune a point in range and a precision', () => {
    const broken = all.filter(
      (c) =>
        !(Number.isFinite(c.lat) && Number.isFinite(c.lon) && Math.abs(c.lat) <= 90 && Math.abs(c.lon) <= 180) ||
        !['commune', 'postal_code', 'departement'].includes(c.precision) ||
        !c.postalCodes.every((pc) => /^\d{5}$/.test(pc)),
    );
    expect(broken.map((c) => c.insee)).toEqual([]);
  });

  it('has the communes of France and the 45 arrondissements with their own postal codes', () => {
    expect(all.length).toBe(coverageFigure('communes') + coverageFigure('arrondissements'));
    expect(coverageFigure('communes')).toBeGreaterThan(34_800);
    expect(places().byInsee.get('75120')?.postalCodes).toEqual(['75020']);
    expect(places().byInsee.get('69381')?.postalCodes).toEqual(['69001']);
    expect(places().byInsee.get('13216')?.postalCodes).toEqual(['13016']);
    expect(places().byInsee.get('97411')?.name).toBe('Saint-Denis');
  });

  it('matches the coverage written by the build', () => {
    const exact = coverageFigure('point from GeoNames, by name');
    const absorbed = coverageFigure('point from GeoNames under');
    expect(count('commune')).toBe(exact + absorbed);
    expect(count('postal_code')).toBe(coverageFigure('point derived from communes sharing') + coverageFigure('point derived from the communes of its'));
    expect(count('departement')).toBe(coverageFigure("point derived from the département's"));
  });

  it('keeps coverage at least where it was when built (GeoNames and INSEE 2024-25)', () => {
    expect(count('commune')).toBeGreaterThanOrEqual(8_500);
    expect(count('departement')).toBeLessThanOrEqual(500);
    const proper = all.filter((c) => !/^(751\d\d|6938\d|132\d\d)$/.test(c.insee));
    const total = proper.reduce((s, c) => s + c.population, 0);
    const exact = proper.filter((c) => c.precision === 'commune').reduce((s, c) => s + c.population, 0);
    expect(exact / total).toBeGreaterThan(0.82);
  });

  it('stores a compact file with the départements’ centres', () => {
    const file = readGeoFile<CommunesFile>(COMMUNES_FILE);
    expect(Object.keys(file.departements)).toHaveLength(101);
  });
});

describe('basemap', () => {
  const basemap = readGeoFile<Basemap>(BASEMAP_FILE);

  it('has an outline, the 96 metropolitan départements and 150 cities', () => {
    expect(basemap.outline.features.length).toBeGreaterThan(0);
    expect(basemap.departements.features).toHaveLength(96);
    expect(basemap.cities).toHaveLength(150);
    expect(basemap.cities[0]?.name).toBe('Paris');
  });

  it('says the borders are approximate and labels each département', () => {
    expect(basemap.metadata.note).toMatch(/approximate/);
    for (const f of basemap.departements.features) {
      const [lon = 0, lat = 0] = f.properties.label;
      expect(lon > -6 && lon < 10 && lat > 41 && lat < 52, f.properties.code).toBe(true);
    }
  });
});
