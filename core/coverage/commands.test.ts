import { describe, expect, it } from 'vitest';
import { setupNetwork } from '../territories/test-fixtures';
import { haversineKm } from '../geo/distance';
import { places } from '../geo/places';
import { setCommuneSource } from './communes';

describe('coverage.summary on the shipped communes', () => {
  it('samples every French commune and covers those around a member', () => {
    setCommuneSource(null);
    const { call, member } = setupNetwork();
    const empty = call('coverage.summary', { communeLimit: 0 }).summary;
    expect(empty.communes).toBeGreaterThan(30_000);
    expect(empty).toMatchObject({ coveredCommunes: 0, communesPct: 0, whiteCommunes: empty.communes });
    member('Tours', { lat: 47.39, lon: 0.69, radiusKm: 20 });
    const { summary, byMember } = call('coverage.summary', { communeLimit: 0 });
    // The communes whose point lies within the radius, counted here without the index.
    const within = places().all.filter((c) => haversineKm(c, { lat: 47.39, lon: 0.69 }) <= 20);
    expect(within.length).toBeGreaterThan(30); // Tours and its suburbs
    expect(summary.coveredCommunes).toBe(within.length);
    expect(summary.coveredPopulation).toBe(within.reduce((s, c) => s + c.population, 0));
    expect(byMember[0]).toMatchObject({ memberName: 'Tours', communeCount: within.length, exclusiveCommunes: within.length });
  });

  it('reports an unreadable communes list as a clear error', () => {
    setCommuneSource(() => {
      throw new Error('ENOENT communes.json.gz');
    });
    const { tryCall } = setupNetwork();
    expect(tryCall('coverage.summary', {})).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('npm run build:geo') } });
    setCommuneSource(null);
  });
});
