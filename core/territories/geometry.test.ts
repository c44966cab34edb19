import { describe, expect, it } from 'vitest';
import { BOW_TIE, setupNetwork, square, squareRing } from './test-fixtures';

function setup() {
  const net = setupNetwork();
  const m = net.member('Solaire Touraine');
  const create = (geometry: unknown) => net.tryCall('territories.create', { memberId: m.id, name: 'Zone', geometry });
  const refusal = (geometry: unknown) => {
    const result = create(geometry);
    expect(result.ok).toBe(false);
    expect(net.call('territories.list', {})).toEqual([]);
    if (result.ok) return { code: '', message: '', field: undefined };
    return { code: result.error.code, message: result.error.message, field: result.error.issues?.[0]?.path[0] };
  };
  return { ...net, m, create, refusal };
}

describe('territory validation', () => {
  it('refuses an outline that crosses itself (a bow tie) and says where', () => {
    const { refusal } = setup();
    const r = refusal(BOW_TIE);
    expect(r).toMatchObject({ code: 'invalid_input', field: 'geometry' });
    expect(r.message).toMatch(/crosses itself near 0\.7, 47\.4/);
  });

  it('refuses a hole that crosses its outer ring', () => {
    const { refusal } = setup();
    const poly = { type: 'Polygon', coordinates: [squareRing(0.6, 47.3, 0.2), squareRing(0.7, 47.35, 0.2)] };
    expect(refusal(poly).message).toMatch(/crosses itself/);
  });

  it.each([
    [
      'two points',
      [
        [0.6, 47.3],
        [0.7, 47.3],
      ],
      2,
    ],
    [
      'three points, two the same',
      [
        [0.6, 47.3],
        [0.7, 47.3],
        [0.7, 47.3],
        [0.6, 47.3],
      ],
      2,
    ],
    ['one point', [[0.6, 47.3]], 1],
  ])('refuses an outline of %s: fewer than 3 distinct points', (_label, ring, distinct) => {
    const { refusal } = setup();
    expect(refusal({ type: 'Polygon', coordinates: [ring] }).message).toBe(`An outline needs at least 3 distinct points (this one has ${distinct}).`);
  });

  it.each([
    ['in Spain', square(-3.7, 40.4, 0.1), /-3\.7, 40\.4.*outside France/],
    [
      'with latitude and longitude swapped',
      {
        type: 'Polygon',
        coordinates: [
          [
            [47.3, 0.6],
            [47.4, 0.6],
            [47.4, 0.7],
            [47.3, 0.6],
          ],
        ],
      },
      /outside France/,
    ],
    ['in Lambert-93 metres', square(525000, 6700000, 1000), /outside France/],
  ])('refuses a territory %s', (_label, geometry, message) => {
    const { refusal } = setup();
    expect(refusal(geometry).message).toMatch(message);
  });

  it('accepts the overseas départements and Corsica', () => {
    const { create } = setup();
    expect(create(square(55.4, -21.1, 0.1)).ok).toBe(true); // La Réunion
    expect(create(square(-61.6, 16.1, 0.1)).ok).toBe(true); // Guadeloupe
    expect(create(square(9.1, 42.1, 0.1)).ok).toBe(true); // Corsica
  });

  it.each([
    ['a string', 'not geojson', /Invalid GeoJSON: expected a Polygon or MultiPolygon/],
    ['an unknown type', { type: 'Polygonn', coordinates: [] }, /Invalid GeoJSON: expected a Polygon or MultiPolygon geometry \(got Polygonn\)/],
    [
      'a LineString',
      {
        type: 'LineString',
        coordinates: [
          [0.6, 47.3],
          [0.7, 47.4],
        ],
      },
      /Polygon or a MultiPolygon, not a LineString/,
    ],
    [
      'text in a position',
      {
        type: 'Polygon',
        coordinates: [
          [
            ['0.6', 47.3],
            [0.7, 47.3],
            [0.7, 47.4],
            ['0.6', 47.3],
          ],
        ],
      },
      /Invalid GeoJSON: .*must be a number/,
    ],
    ['coordinates that are not arrays', { type: 'Polygon', coordinates: 'x' }, /Invalid GeoJSON/],
    ['rings that are not arrays', { type: 'MultiPolygon', coordinates: [[7]] }, /Invalid GeoJSON/],
  ])('refuses %s with check-geojson’s explanation', (_label, geometry, message) => {
    const { refusal } = setup();
    const r = refusal(geometry);
    expect(r.code).toBe('invalid_input');
    expect(r.message).toMatch(message);
  });

  it('closes a ring left open and drops altitudes and repeated points', () => {
    const { create } = setup();
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [0.6, 47.3, 100],
          [0.8, 47.3],
          [0.8, 47.3],
          [0.8, 47.5],
          [0.6, 47.5],
        ],
      ],
    };
    const result = create(open);
    expect(result.ok && result.value.geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [0.6, 47.3],
          [0.8, 47.3],
          [0.8, 47.5],
          [0.6, 47.5],
          [0.6, 47.3],
        ],
      ],
    });
    expect(result.ok && result.value.bbox).toEqual([0.6, 47.3, 0.8, 47.5]);
  });

  it('takes a GeoJSON Feature and keeps its MultiPolygon', () => {
    const { create } = setup();
    const multi = { type: 'MultiPolygon', coordinates: [[squareRing(0.6, 47.3, 0.1)], [squareRing(1, 47.6, 0.1)]] };
    const result = create({ type: 'Feature', properties: {}, geometry: multi });
    expect(result.ok && result.value.geometry).toEqual(multi);
    expect(result.ok && result.value.bbox).toEqual([0.6, 47.3, 1.1, 47.7]);
  });

  it('checks circles: centre in France, radius between 0 and 300 km', () => {
    const s = setup();
    const circle = (center: { lat: number; lon: number }, radiusKm: number) => s.tryCall('territories.create', { memberId: s.m.id, name: 'C', kind: 'circle', center, radiusKm });
    expect(circle({ lat: 47.39, lon: 0.69 }, 25)).toMatchObject({ ok: true, value: { kind: 'circle', center: { lat: 47.39, lon: 0.69 }, radiusKm: 25, geometry: null } });
    expect(circle({ lat: 47.39, lon: 0.69 }, 0)).toMatchObject({ ok: false, error: { issues: [{ path: ['radiusKm'] }] } });
    expect(circle({ lat: 47.39, lon: 0.69 }, 301)).toMatchObject({ ok: false, error: { issues: [{ path: ['radiusKm'] }] } });
    expect(circle({ lat: 40.4, lon: -3.7 }, 10)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/outside France/) } });
    expect(s.tryCall('territories.create', { memberId: s.m.id, name: 'C', kind: 'circle', radiusKm: 5 })).toMatchObject({ ok: false, error: { issues: [{ path: ['center'] }] } });
  });

  it('explains in French to a French caller', async () => {
    const { ctx, m } = setup();
    const { caller } = await import('../test-support');
    const fr = caller(ctx, 'fr').tryCall('territories.create', {
      memberId: m.id,
      name: 'Z',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0.6, 47.3],
            [0.7, 47.3],
          ],
        ],
      },
    });
    expect(fr).toMatchObject({ ok: false, error: { message: 'Un contour a besoin d’au moins 3 points distincts (celui-ci en a 2).' } });
  });
});
