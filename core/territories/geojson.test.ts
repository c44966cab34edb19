import { describe, expect, it } from 'vitest';
import { BOW_TIE, setupNetwork, square, squareRing } from './test-fixtures';

const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });

function setup() {
  const net = setupNetwork();
  const alpha = net.member('Alpha Énergie');
  const beta = net.member('Beta Chauffage');
  return { ...net, alpha, beta };
}

describe('GeoJSON import', () => {
  it('imports the good features, reports the bad one with its index and reason', () => {
    const { call, alpha, beta } = setup();
    const doc = {
      type: 'FeatureCollection',
      features: [
        feature({ memberId: alpha.id, name: 'Nord' }, square(0.6, 47.4, 0.1)),
        feature({ member: 'beta chauffage' }, BOW_TIE),
        feature({ name: 'BETA CHAUFFAGE', territoryName: 'Sud' }, square(0.9, 47.2, 0.1)),
      ],
    };
    const result = call('territories.importGeoJson', { geojson: JSON.stringify(doc) });
    expect(result).toMatchObject({ dryRun: false, imported: 2, failed: 1, skipped: 0 });
    expect(result.results[0]).toMatchObject({ index: 0, ok: true, name: 'Nord', memberId: alpha.id, memberName: 'Alpha Énergie', territoryId: expect.any(Number) });
    expect(result.results[1]).toEqual({ index: 1, ok: false, error: expect.stringMatching(/crosses itself/) });
    expect(result.results[2]).toMatchObject({ index: 2, ok: true, name: 'Sud', memberId: beta.id });
    expect(call('territories.list', {}).map((t) => [t.memberName, t.name])).toEqual([
      ['Alpha Énergie', 'Nord'],
      ['Beta Chauffage', 'Sud'],
    ]);
  });

  it('reports features it cannot attribute or read', () => {
    const { call, alpha } = setup();
    const doc = {
      type: 'FeatureCollection',
      features: [
        feature({ member: 'Nobody' }, square(0.6, 47.4, 0.1)),
        feature({}, square(0.6, 47.4, 0.1)),
        { type: 'Nope' },
        feature(
          { memberId: alpha.id },
          {
            type: 'Polygon',
            coordinates: [
              [
                [0.6, 47.3],
                [0.7, 47.3],
              ],
            ],
          },
        ),
        feature({ memberId: alpha.id }, square(-3.7, 40.4, 0.1)),
        feature(
          { memberId: alpha.id },
          {
            type: 'LineString',
            coordinates: [
              [0.6, 47.3],
              [0.7, 47.4],
            ],
          },
        ),
        feature({ memberId: alpha.id, priorityOverride: 50 }, square(0.6, 47.4, 0.1)),
      ],
    };
    const errors = call('territories.importGeoJson', { geojson: doc }).results.map((r) => (r.ok ? 'ok' : r.error));
    expect(errors).toEqual([
      'No member matches member="Nobody".',
      'No member named: add a memberId, memberCode, member or name property.',
      'Not a GeoJSON Feature.',
      'An outline needs at least 3 distinct points (this one has 2).',
      expect.stringMatching(/outside France/),
      'A territory is a Polygon or a MultiPolygon, not a LineString.',
      'priorityOverride must be a number between 0.1 and 10.',
    ]);
    expect(call('territories.list', {})).toEqual([]);
  });

  it('finds a member by its network code, and refuses a name two members share', () => {
    const { call, alpha } = setup();
    call('members.update', { id: alpha.id, code: 'AE-1' });
    const namesake = call('members.create', { name: 'Alpha Énergie', kind: 'installer', postalCode: '41000', city: 'Blois', capacityPerWeek: 5, priorityCoefficient: 1, radiusKm: 20 });
    const doc = { type: 'FeatureCollection', features: [feature({ memberCode: 'ae-1', name: 'Alpha Énergie' }, square(0.6, 47.4, 0.1)), feature({ member: 'Alpha Énergie' }, square(0.9, 47.2, 0.1))] };
    const results = call('territories.importGeoJson', { geojson: doc, dryRun: true }).results;
    expect(results[0]).toMatchObject({ ok: true, memberId: alpha.id });
    expect(results[1]).toEqual({ index: 1, ok: false, error: `Several members are named "Alpha Énergie" (${alpha.city}, ${namesake.city}): name the member by memberCode or memberId.` });
  });

  it('saves nothing on a dry run but says what would happen', () => {
    const { call, alpha } = setup();
    const result = call('territories.importGeoJson', { geojson: feature({ memberId: String(alpha.id) }, square(0.6, 47.4, 0.1)), dryRun: true });
    expect(result).toMatchObject({ dryRun: true, imported: 1, results: [{ ok: true, territoryId: null, name: 'Zone 1' }] });
    expect(call('territories.list', {})).toEqual([]);
  });

  it('refuses text that is not JSON, or JSON that is not GeoJSON, as a whole', () => {
    const { tryCall } = setup();
    expect(tryCall('territories.importGeoJson', { geojson: '{"type": "Feat' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^This is not GeoJSON: /) },
    });
    expect(tryCall('territories.importGeoJson', { geojson: { hello: 1 } })).toMatchObject({ ok: false, error: { message: 'Expected a GeoJSON FeatureCollection, Feature or Polygon.' } });
  });

  it('accepts a bare Polygon only when it can name a member (it cannot)', () => {
    const { call } = setup();
    expect(call('territories.importGeoJson', { geojson: square(0.6, 47.4, 0.1) }).results[0]).toMatchObject({ ok: false });
  });
});

describe('GeoJSON export', () => {
  it('writes territories and member radii, and imports back to the same territories', () => {
    const { call, alpha, beta, member } = setup();
    const gamma = member('Gamma', { lat: 47.39, lon: 0.69, radiusKm: 30 });
    const hole = { type: 'Polygon' as const, coordinates: [squareRing(0.5, 47.2, 0.4), squareRing(0.6, 47.3, 0.1)] };
    call('territories.create', { memberId: alpha.id, name: 'Troué', geometry: hole, priorityOverride: 2.5 });
    call('territories.create', { memberId: beta.id, name: 'Multi', geometry: { type: 'MultiPolygon', coordinates: [[squareRing(1, 47, 0.1)], [squareRing(1.5, 47, 0.1)]] } });
    call('territories.create', { memberId: gamma.id, name: 'Cercle', kind: 'circle', center: { lat: 47.5, lon: 1 }, radiusKm: 12 });
    const before = call('territories.list', {});
    const exported = call('territories.exportGeoJson', {});
    expect(exported.features).toHaveLength(4);
    expect(exported.features[3]).toEqual({
      type: 'Feature',
      properties: { kind: 'member', memberId: gamma.id, memberCode: null, memberName: 'Gamma', radiusKm: 30, priorityCoefficient: 1.5, active: true },
      geometry: { type: 'Point', coordinates: [0.69, 47.39] },
    });

    for (const t of before) call('territories.delete', { id: t.id });
    const result = call('territories.importGeoJson', { geojson: JSON.stringify(exported) });
    expect(result).toMatchObject({ imported: 3, skipped: 1, failed: 0 });
    const strip = ({ id: _id, createdAt: _c, updatedAt: _u, ...rest }: (typeof before)[number]) => rest;
    expect(call('territories.list', {}).map(strip)).toEqual(before.map(strip));
  });

  it('names each territory’s member by its network code, so that the file imports where the ids differ', () => {
    const { call, member } = setup();
    const coded = member('Delta Confort', { code: 'N-042', lat: 47.39, lon: 0.69, radiusKm: 30 });
    call('territories.create', { memberId: coded.id, name: 'Delta Est', geometry: square(0.6, 47.4, 0.1) });
    const exported = call('territories.exportGeoJson', {});
    const territory = exported.features.find((f) => f.properties?.name === 'Delta Est')!;
    expect(territory.properties).toMatchObject({ memberId: coded.id, memberCode: 'N-042', memberName: 'Delta Confort' });
    expect(exported.features.filter((f) => f.properties?.kind === 'member' && f.properties.memberId === coded.id).map((f) => f.properties?.memberCode)).toEqual(['N-042']);

    // Another database: the same member under another id and another name; only the code matches.
    const other = setupNetwork();
    other.member('Someone Else');
    const there = other.member('Delta Confort SARL', { code: 'N-042' });
    const { memberId: _id, memberName: _name, ...byCode } = territory.properties!;
    const result = other.call('territories.importGeoJson', { geojson: JSON.stringify({ type: 'FeatureCollection', features: [{ ...territory, properties: byCode }] }) });
    expect(result.results[0]).toMatchObject({ ok: true, name: 'Delta Est', memberId: there.id });
  });
});
