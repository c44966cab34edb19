/**
 * Offline geocoding of a French place to a point, from what a lead form or a CRM export
 * carries: a postal code, a city name, maybe an address line. The answer says how precise the
 * point is, so routing can tell a commune from a mere département.
 */
import type { PlaceRecord } from './data';
import { departementOfPostalCode } from './departements';
import { canonicalPostalCode, placeKey, PLM_CITIES } from './names';
import { searchPlaces } from './search';
import { communesOfPostalCode, departementCentre, places, toGeoPlace, type GeoPlace } from './places';
import type { Point, Precision } from './types';

export type { GeoPlace } from './places';

export interface GeocodeQuery {
  postalCode?: string;
  city?: string;
  address?: string;
  /** Known département of the place (a column of the file): narrows a town given without postal code. */
  departement?: string;
}

export type GeocodeResult =
  | {
      found: true;
      point: Point;
      precision: Precision;
      departement: string;
      commune?: { insee: string; name: string; postalCode: string };
      /** Other places the query could mean (the communes of a shared postal code, namesakes). */
      candidates: GeoPlace[];
    }
  | { found: false; reason: 'empty' | 'not_found' | 'ambiguous'; message: string; candidates: GeoPlace[] };

const MAX_CANDIDATES = 20;

interface Parsed {
  postalCode: string | null;
  cityKey: string;
}

/** Splits "75011 Paris", "Paris 75011" or an address ending in "… 75011 Paris" into its parts. */
export function parseQuery(q: GeocodeQuery): Parsed {
  let postalCode = q.postalCode ? canonicalPostalCode(q.postalCode) : null;
  let city = q.city?.trim() ?? '';
  const first = /^(\d{4,5})\s+(.+)$/.exec(city);
  const last = /^(.+?)\s+(\d{5})$/.exec(city);
  if (first) {
    postalCode ??= canonicalPostalCode(first[1] ?? '');
    city = first[2] ?? '';
  } else if (last) {
    postalCode ??= last[2] ?? null;
    city = last[1] ?? '';
  }
  if (!city && q.address) {
    const tail = /(?:^|[\s,])(\d{5})\s+([^\d,]+?)\s*$/.exec(q.address.trim());
    if (tail) {
      postalCode ??= tail[1] ?? null;
      city = tail[2] ?? '';
    }
  }
  return { postalCode, cityKey: placeKey(city) };
}

/** Communes answering to a name: by official name first, by alias (La Poste label, absorbed commune) else. */
function byName(key: string, among?: PlaceRecord[]): PlaceRecord[] {
  if (!key) return [];
  const pool = among ?? places().byKey.get(key) ?? [];
  const official = pool.filter((c) => placeKey(c.name) === key);
  return official.length > 0 ? official : pool.filter((c) => c.aliases.includes(key));
}

function communeResult(c: PlaceRecord, postalCode: string | null, others: PlaceRecord[]): GeocodeResult {
  const place = toGeoPlace(c, postalCode);
  return {
    found: true,
    point: place.point,
    precision: c.precision,
    departement: c.departement,
    commune: { insee: c.insee, name: c.name, postalCode: place.postalCode },
    candidates: others
      .filter((o) => o !== c)
      .slice(0, MAX_CANDIDATES)
      .map((o) => toGeoPlace(o, postalCode)),
  };
}

function notFound(reason: 'empty' | 'not_found' | 'ambiguous', message: string, candidates: PlaceRecord[] = []): GeocodeResult {
  return { found: false, reason, message, candidates: candidates.slice(0, MAX_CANDIDATES).map((c) => toGeoPlace(c)) };
}

/** A known postal code: its commune, the named one among several, or the code's main commune. */
function fromPostalCode(postalCode: string, cityKey: string, communes: PlaceRecord[]): GeocodeResult {
  const named = byName(cityKey, communes);
  if (named[0]) return communeResult(named[0], postalCode, communes);
  const inDepartement = byName(cityKey).filter((c) => c.departement === communes[0]?.departement);
  if (inDepartement.length === 1 && inDepartement[0]) return communeResult(inDepartement[0], postalCode, communes);
  const [main] = communes;
  if (!main) return notFound('not_found', `No commune has postal code ${postalCode}.`);
  if (communes.length === 1) return communeResult(main, postalCode, []);
  return {
    found: true,
    point: { lat: main.lat, lon: main.lon },
    precision: 'postal_code',
    departement: main.departement,
    candidates: communes.slice(0, MAX_CANDIDATES).map((c) => toGeoPlace(c, postalCode)),
  };
}

/** A CEDEX or unknown postal code: the city by name in the code's département, else the département. */
function fromDepartement(postalCode: string, cityKey: string): GeocodeResult {
  const departement = departementOfPostalCode(postalCode);
  const named = byName(cityKey).filter((c) => departement === null || c.departement === departement);
  if (named[0]) return communeResult(named[0], null, named);
  const centre = departement ? departementCentre(departement) : null;
  if (!centre) return notFound('not_found', `Postal code ${postalCode} matches no commune or département.`);
  return { found: true, point: centre.point, precision: 'departement', departement: centre.code, candidates: [] };
}

/**
 * A name alone. A commune with that official name wins, the namesakes by alias (La Poste
 * label, absorbed commune: "EVRY" for Évry-Courcouronnes) coming as candidates; two official
 * namesakes ("Saint-Denis") make it ambiguous.
 */
function fromCityOnly(cityKey: string, departement?: string): GeocodeResult {
  const all = (places().byKey.get(cityKey) ?? []).filter((c, _, list) => !isArrondissementOfListed(c, list) && (!departement || c.departement === departement));
  const official = byName(cityKey, all);
  if (official.length === 1 && official[0]) return communeResult(official[0], null, all);
  if (official.length > 1) return notFound('ambiguous', `Several communes are named like "${cityKey}"; give the postal code.`, official);
  const suggestions = searchPlaces(cityKey, 5)
    .filter((p) => !departement || p.departement === departement)
    .map((p) => places().byInsee.get(p.insee));
  return notFound(
    'not_found',
    `No commune named like "${cityKey}".`,
    suggestions.filter((c): c is PlaceRecord => c !== undefined),
  );
}

function isArrondissementOfListed(c: PlaceRecord, listed: PlaceRecord[]): boolean {
  const city = Object.values(PLM_CITIES).find((p) => c.insee.startsWith(p.arrondissementPrefix));
  return city !== undefined && listed.some((l) => l.insee === city.insee);
}

export function geocode(query: GeocodeQuery): GeocodeResult {
  const { postalCode, cityKey } = parseQuery(query);
  if (postalCode) {
    const communes = communesOfPostalCode(places(), postalCode);
    return communes.length > 0 ? fromPostalCode(postalCode, cityKey, communes) : fromDepartement(postalCode, cityKey);
  }
  if (cityKey) return fromCityOnly(cityKey, query.departement?.toUpperCase());
  return notFound('empty', 'Give a postal code or a city.');
}
