/**
 * Which level of detail the map draws at each zoom. The core precomputes the levels
 * (core/territories/outlines.ts: tolerances 0.02°, 0.005°, 0.001°, then the stored shape); a
 * level is used from the zoom where one screen pixel (360° / 256 / 2^zoom) is about its
 * tolerance, so simplifying never shows.
 */

/** The stored shape, every vertex: what editing uses. Same number as the core's FULL_DETAIL. */
export const FULL_DETAIL = 3;

export function levelForZoom(zoom: number): number {
  if (zoom <= 6) return 0;
  if (zoom <= 8) return 1;
  if (zoom <= 10) return 2;
  return FULL_DETAIL;
}
