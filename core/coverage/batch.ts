/**
 * Coverage of many fixed points at once, for the analysis. Asking the index about each of
 * 35,000 communes costs two tree searches per commune; turning it around (index the communes
 * once, then one search per territory part and per radius, ~5,000) does the same exact tests
 * with far fewer searches. The communes' index is kept per list, which the geo module loads once.
 */
import Flatbush from 'flatbush';
import type { Point } from '../geo/types';
import type { CoverageIndex } from './index';

interface PointIndex {
  tree: Flatbush;
  /** lon, lat of each point, flat: the exact tests read these rather than the commune objects. */
  coords: Float64Array;
}

const pointIndexes = new WeakMap<readonly Point[], PointIndex>();

function pointIndexOf(points: readonly Point[]): PointIndex {
  let index = pointIndexes.get(points);
  if (!index) {
    const tree = new Flatbush(points.length);
    const coords = new Float64Array(points.length * 2);
    points.forEach((p, i) => {
      tree.add(p.lon, p.lat, p.lon, p.lat);
      coords[2 * i] = p.lon;
      coords[2 * i + 1] = p.lat;
    });
    tree.finish();
    index = { tree, coords };
    pointIndexes.set(points, index);
  }
  return index;
}

/** For each point, the positions (in index.members) of the members covering it, ascending; undefined when none. */
export function membersCoveringEach(index: CoverageIndex, points: readonly Point[]): (number[] | undefined)[] {
  const lists: (number[] | undefined)[] = new Array(points.length);
  if (points.length === 0) return lists;
  const { tree, coords } = pointIndexOf(points);
  for (const area of index.areas()) {
    const [minLon, minLat, maxLon, maxLat] = area.bbox;
    for (const i of tree.search(minLon, minLat, maxLon, maxLat)) {
      if (area.contains(coords[2 * i]!, coords[2 * i + 1]!)) lists[i] = withMember(lists[i], area.member);
    }
  }
  return lists;
}

/** Adds m to a short sorted list, once. */
function withMember(list: number[] | undefined, m: number): number[] {
  if (!list) return [m];
  let i = list.length;
  while (i > 0 && list[i - 1]! > m) i--;
  if (list[i - 1] !== m) list.splice(i, 0, m);
  return list;
}
