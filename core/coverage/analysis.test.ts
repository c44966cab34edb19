import { describe, expect, it } from 'vitest';
import type { Commune } from '../geo/types';
import { setupNetwork, square } from '../territories/test-fixtures';
import { setCommuneSource } from './communes';

const commune = (insee: string, name: string, lon: number, lat: number, population: number): Commune => ({
  insee,
  name,
  postalCodes: [],
  departement: insee.slice(0, 2),
  population,
  lat,
  lon,
  precision: 'commune',
});

// Alpha covers the west square, Beta the east one; they overlap on 0.95..1.05.
const COMMUNES = [
  commune('37001', 'Ouest', 0.9, 47.05, 1000),
  commune('37002', 'Milieu', 1.0, 47.05, 500),
  commune('37003', 'Milieu bis', 1.02, 47.02, 300),
  commune('37004', 'Est', 1.1, 47.05, 200),
  commune('37005', 'Blanche', 2.5, 47.05, 50),
  commune('41001', 'Blois', 1.33, 47.59, 45000),
  commune('41002', 'Hameau', 1.5, 47.7, 10),
];

function setup() {
  setCommuneSource(() => COMMUNES);
  const net = setupNetwork();
  const alpha = net.member('Alpha');
  const beta = net.member('Beta');
  net.call('territories.create', { memberId: alpha.id, name: 'Ouest', geometry: square(0.85, 47, 0.2) });
  net.call('territories.create', { memberId: beta.id, name: 'Est', geometry: square(0.95, 47, 0.2) });
  return { ...net, alpha, beta };
}

describe('coverage.summary', () => {
  it('gives the share of communes and of population covered', () => {
    const { call } = setup();
    expect(call('coverage.summary', {}).summary).toEqual({
      communes: 7,
      coveredCommunes: 4,
      communesPct: 57.1,
      population: 47060,
      coveredPopulation: 2000,
      populationPct: 4.2,
      overlapCommunes: 2,
      whiteCommunes: 3,
      whitePopulation: 45060,
    });
  });

  it('lists overlap zones by the set of members involved', () => {
    const { call, alpha, beta } = setup();
    expect(call('coverage.summary', {}).overlaps).toEqual([
      {
        memberIds: [alpha.id, beta.id],
        memberNames: ['Alpha', 'Beta'],
        communeCount: 2,
        population: 800,
        communes: [
          { insee: '37002', name: 'Milieu', departement: '37', population: 500, lat: 47.05, lon: 1.0 },
          { insee: '37003', name: 'Milieu bis', departement: '37', population: 300, lat: 47.02, lon: 1.02 },
        ],
      },
    ]);
  });

  it('lists white zones by département, most populated first, with at most communeLimit communes each', () => {
    const { call } = setup();
    const { whiteZones } = call('coverage.summary', { communeLimit: 1 });
    expect(whiteZones).toEqual([
      {
        departement: '41',
        departementName: 'Loir-et-Cher',
        communeCount: 2,
        population: 45010,
        communes: [{ insee: '41001', name: 'Blois', departement: '41', population: 45000, lat: 47.59, lon: 1.33 }],
      },
      {
        departement: '37',
        departementName: 'Indre-et-Loire',
        communeCount: 1,
        population: 50,
        communes: [{ insee: '37005', name: 'Blanche', departement: '37', population: 50, lat: 47.05, lon: 2.5 }],
      },
    ]);
  });

  it('counts what each member reaches, and what only it reaches', () => {
    const { call } = setup();
    expect(call('coverage.summary', {}).byMember.map((m) => [m.memberName, m.communeCount, m.population, m.exclusiveCommunes])).toEqual([
      ['Alpha', 3, 1800, 1],
      ['Beta', 3, 1000, 1],
    ]);
  });

  it('closes a white zone when a member radius reaches it, once the index rebuilds', () => {
    const { call, beta } = setup();
    call('members.update', { id: beta.id, lat: 47.59, lon: 1.33, radiusKm: 20 });
    const { summary, whiteZones } = call('coverage.summary', {});
    expect(summary.whiteCommunes).toBe(1);
    expect(whiteZones.map((z) => z.departement)).toEqual(['37']);
  });
});
