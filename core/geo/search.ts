/**
 * Search-as-you-type over communes: the typed text is a prefix of a commune's name (folded,
 * any alias too) or of one of its postal codes; the most populous come first.
 */
import type { PlaceRecord } from './data';
import { placeKey } from './names';
import { communesOfPostalCode, places, toGeoPlace, type GeoPlace, type PlaceIndex } from './places';
import { fold } from '../search/fold';

/** Above this many matching keys, walking by population is faster than sorting them. */
const WIDE_PREFIX = 500;

/** First position whose key is >= prefix in the sorted key list. */
function lowerBound(prefixes: PlaceIndex['prefixes'], prefix: string): number {
  let lo = 0;
  let hi = prefixes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((prefixes[mid]?.[0] ?? '') < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Communes with a key starting with `prefix`. A short prefix ("s") matches thousands, so then
 * the communes are walked most populous first until `limit` are found instead.
 */
function byNamePrefix(index: PlaceIndex, prefix: string, limit: number, into: Set<PlaceRecord>): void {
  const from = lowerBound(index.prefixes, prefix);
  const to = lowerBound(index.prefixes, `${prefix}\uffff`);
  if (to - from > WIDE_PREFIX) {
    let added = 0;
    for (const c of index.all) {
      if (added >= limit) break;
      if (index.keysOf(c).some((k) => k.startsWith(prefix)) && !into.has(c)) {
        into.add(c);
        added++;
      }
    }
    return;
  }
  for (let i = from; i < to; i++) {
    const entry = index.prefixes[i];
    if (entry) into.add(entry[1]);
  }
}

function byPostalCodePrefix(index: PlaceIndex, digits: string, into: Set<PlaceRecord>): void {
  // Postal codes are few (about 6,000): a scan is fast enough and keeps no second sorted list.
  for (const [pc, communes] of index.byPostalCode) if (pc.startsWith(digits)) for (const c of communes) into.add(c);
}

/**
 * Up to `limit` communes matching the beginning of `query`. "st eti" and "saint eti" both find
 * Saint-Étienne, but "st" alone also finds Strasbourg's prefix: both spellings are searched.
 */
export function searchPlaces(query: string, limit = 10): GeoPlace[] {
  const index = places();
  const found = new Set<PlaceRecord>();
  const digits = query.replace(/\s+/g, '');
  if (/^\d{5}$/.test(digits)) for (const c of communesOfPostalCode(index, digits)) found.add(c);
  else if (/^\d{1,4}$/.test(digits)) byPostalCodePrefix(index, digits, found);
  else {
    const plain = fold(query)
      .replace(/[^a-z0-9]+/g, ' ')
      .trimStart();
    const expanded = placeKey(query);
    for (const prefix of new Set([plain, expanded])) if (prefix.trim()) byNamePrefix(index, prefix, limit, found);
  }
  const postalCode = /^\d{5}$/.test(digits) ? digits : null;
  return [...found]
    .sort((a, b) => b.population - a.population)
    .slice(0, Math.max(1, limit))
    .map((c) => toGeoPlace(c, postalCode));
}
