import { describe, expect, it } from 'vitest';
import type { Bbox } from '../territories/geometry';
import { PointGrid } from './grid';

/** The boxes the grid gives for a point, those whose box holds it, sorted. */
function lookup(grid: PointGrid, lon: number, lat: number): number[] {
  const cell = grid.cellAt(lon, lat);
  if (cell < 0) return [];
  const found: number[] = [];
  for (let e = grid.first(cell); e < grid.end(cell); e++) if (grid.boxHolds(grid.item(e), lon, lat)) found.push(grid.item(e));
  return found.sort((a, b) => a - b);
}

const brute = (boxes: Bbox[], lon: number, lat: number) => boxes.flatMap((b, i) => (lon >= b[0] && lat >= b[1] && lon <= b[2] && lat <= b[3] ? [i] : []));

describe('PointGrid', () => {
  it('gives every box holding a point, edges and corners included, as a loop over all boxes does', () => {
    // Small boxes, one spanning everything, one degenerate (a point), sharing edges on cell lines.
    const boxes: Bbox[] = [
      [-5, 42, 9, 51],
      [2, 47, 2, 47],
    ];
    for (let i = 0; i < 300; i++) {
      const lon = -5 + ((i * 7919) % 1400) / 100;
      const lat = 42 + ((i * 104729) % 900) / 100;
      boxes.push([lon, lat, lon + 0.1 + (i % 5) * 0.05, lat + 0.1 + (i % 3) * 0.05]);
    }
    const grid = new PointGrid(boxes);
    const probes: [number, number][] = [
      [2, 47],
      [-5, 42],
      [9, 51],
      [9.1, 51],
      [-5.0001, 45],
    ];
    for (const b of boxes.slice(2, 60)) probes.push([b[0], b[1]], [b[2], b[3]], [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2], [b[2] + 1e-9, b[3]]);
    for (let i = 0; i < 2000; i++) probes.push([-5.5 + ((i * 37) % 1500) / 100, 41.5 + ((i * 53) % 1000) / 100]);
    for (const [lon, lat] of probes) expect(lookup(grid, lon, lat), `${lon}, ${lat}`).toEqual(brute(boxes, lon, lat));
  });

  it('stays small when a few huge boxes share the grid with many small ones', () => {
    const boxes: Bbox[] = Array.from({ length: 2000 }, (_, i): Bbox => [i * 0.01, 0, i * 0.01 + 0.005, 0.005]);
    for (let i = 0; i < 200; i++) boxes.push([0, -10, 20, 10]);
    const grid = new PointGrid(boxes);
    expect(grid.end(grid.cellAt(20, 10)) - grid.first(0)).toBeLessThanOrEqual(32 * boxes.length);
    expect(lookup(grid, 5.001, 0.001)).toEqual(brute(boxes, 5.001, 0.001));
  });
});
