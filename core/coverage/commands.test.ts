import { describe, expect, it } from 'vitest';
import { setupNetwork } from '../territories/test-fixtures';
import { setCommuneSource } from './communes';

describe('coverage.summary on the shipped communes', () => {
  it('samples every French commune and covers those around a member', () => {
    setCommuneSource(null);
    const { call, member } = setupNetwork();
    const empty = call('coverage.summary', { communeLimit: 0 }).summary;
    expect(empty.communes).toBeGreaterThan(30_000);
    expect(empty).toMatchObject({ coveredCommunes: 0, communesPct: 0, whiteCommunes: empty.communes });
    member('Tours', { lat: 47.39, lon: 0.69, radiusKm: 20 });
    const started = performance.now();
    const { summary, byMember } = call('coverage.summary', { communeLimit: 0 });
    const elapsed = performance.now() - started;
    expect(summary.coveredCommunes).toBeGreaterThan(30);
    expect(summary.coveredPopulation).toBeGreaterThan(200_000); // Tours and its suburbs
    expect(byMember[0]).toMatchObject({ memberName: 'Tours', communeCount: summary.coveredCommunes, exclusiveCommunes: summary.coveredCommunes });
    expect(elapsed).toBeLessThan(2_000); // generous: shared CI machines; the bench tracks the real figure
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
