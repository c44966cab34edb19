/**
 * The even-odd test's one step, shared by the core's coverage (core/coverage/shapes.ts, in
 * degrees) and the map's hit test (renderer territoryCanvas.ts, in pixels): whether the ray from
 * (x, y) towards +x crosses the edge from (xj, yj) to (xi, yi), one end strictly above y and the
 * other not.
 */
export function crosses(x: number, y: number, xi: number, yi: number, xj: number, yj: number): boolean {
  return yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi;
}
