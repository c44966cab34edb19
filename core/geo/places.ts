/**
 * The communes file loaded once, with the lookups the geocoder and search need, built at load
 * (about 100 ms) so that each call is a few map reads.
 */
import { decodeCommune, readGeoFile, COMMUNES_FILE, type CommunesFile, type PlaceRecord } from './data';
import { placeKey, PLM_CITIES } from './names';
import type { Point, Precision } from './types';

/** A commune as the geocoder and search return it. */
export interface GeoPlace {
  insee: string;
  name: string;
  postalCode: string;
  departement: string;
  population: number;
  point: Point;
  precision: Precision;
}

export interface PlaceIndex {
  all: PlaceRecord[];
  byInsee: Map<string, PlaceRecord>;
  /** Each postal code's communes, most populous first. */
  byPostalCode: Map<string, PlaceRecord[]>;
  /** Name and alias keys -> communes, most populous first. */
  byKey: Map<string, PlaceRecord[]>;
  /** [key, commune] sorted by key, for prefix search by binary search. */
  prefixes: [string, PlaceRecord][];
  departements: Map<string, { name: string; point: Point }>;
  keysOf: (c: PlaceRecord) => string[];
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildIndex(file: CommunesFile): PlaceIndex {
  const all = file.communes.map(decodeCommune).sort((a, b) => b.population - a.population);
  const keys = new Map<PlaceRecord, string[]>();
  const keysOf = (c: PlaceRecord): string[] => keys.get(c) ?? [];
  const index: PlaceIndex = {
    all,
    byInsee: new Map(),
    byPostalCode: new Map(),
    byKey: new Map(),
    prefixes: [],
    departements: new Map(),
    keysOf,
  };
  for (const c of all) {
    // Its name and aliases; the name's key is "paris 11" for "Paris 11e Arrondissement".
    keys.set(c, [...new Set([placeKey(c.name), ...c.aliases])]);
    index.byInsee.set(c.insee, c);
    for (const pc of c.postalCodes) pushTo(index.byPostalCode, pc, c);
    for (const key of keysOf(c)) {
      pushTo(index.byKey, key, c);
      index.prefixes.push([key, c]);
    }
  }
  index.prefixes.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [code, [name, lat, lon]] of Object.entries(file.departements)) index.departements.set(code, { name, point: { lat, lon } });
  return index;
}

let loaded: PlaceIndex | null = null;

/** The index, read from resources/geo on first use. */
export function places(): PlaceIndex {
  loaded ??= buildIndex(readGeoFile<CommunesFile>(COMMUNES_FILE));
  return loaded;
}

/** The centre used when only the département is known: the mean of its placed communes. */
export function departementCentre(code: string): { code: string; name: string; point: Point } | null {
  const dep = places().departements.get(code.toUpperCase());
  return dep ? { code: code.toUpperCase(), ...dep } : null;
}

/** Whether a commune is Paris, Lyon or Marseille as a whole (its arrondissements are entries too). */
export function isPlmCity(c: PlaceRecord): boolean {
  return Object.values(PLM_CITIES).some((city) => city.insee === c.insee);
}

/**
 * A postal code's communes; for 75011 both Paris and Paris 11e carry it, and the
 * arrondissement is the more precise answer, so the whole city is dropped.
 */
export function communesOfPostalCode(index: PlaceIndex, postalCode: string): PlaceRecord[] {
  const list = index.byPostalCode.get(postalCode) ?? [];
  return list.length > 1 ? list.filter((c) => !isPlmCity(c)) : list;
}

export function toGeoPlace(c: PlaceRecord, postalCode?: string | null): GeoPlace {
  const pc = postalCode && c.postalCodes.includes(postalCode) ? postalCode : (c.postalCodes[0] ?? '');
  return {
    insee: c.insee,
    name: c.name,
    postalCode: pc,
    departement: c.departement,
    population: c.population,
    point: { lat: c.lat, lon: c.lon },
    precision: c.precision,
  };
}
