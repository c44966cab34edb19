/**
 * Gives every commune a point. GeoNames has coordinates for about a quarter of the communes
 * (the larger ones, which hold most of the population); the others get a point derived from
 * their postal code's matched communes, or failing that from their département's.
 */
import type { Commune, Point } from '../types';
import { placeKey } from '../names';
import type { GeoNamesPlace, PostalRoute, SourceCommune } from './sources';

/**
 * How a commune got its point: 'seat' = GeoNames knew it under the name of a commune it
 * absorbed; 'epci' = mean of the placed communes of its intercommunalité, a local estimate
 * of the same order as a postal code's, hence precision 'postal_code' too.
 */
export type MatchKind = 'exact' | 'seat' | 'postal_code' | 'epci' | 'departement';

export interface BuiltCommune extends Commune {
  match: MatchKind;
  /** Other keys the commune answers to: La Poste labels, delegated and associated communes. */
  aliases: string[];
}

// GeoNames writes arrondissements "Paris 15 Vaugirard", "Lyon 03", "Marseille 08".
const GEONAMES_ARRONDISSEMENT = /^(paris|lyon|marseille) 0?(\d{1,2})\b/;

function geoNamesKey(name: string): string {
  const key = placeKey(name);
  const arr = GEONAMES_ARRONDISSEMENT.exec(key);
  return arr ? `${arr[1]} ${Number(arr[2])}` : key;
}

/** GeoNames points by "département|key"; the first place wins when a name repeats. */
function indexGeoNames(places: GeoNamesPlace[]): Map<string, Point> {
  const index = new Map<string, Point>();
  for (const p of places) {
    const k = `${p.departement}|${geoNamesKey(p.name)}`;
    if (!index.has(k)) index.set(k, { lat: p.lat, lon: p.lon });
  }
  return index;
}

/** Communes placed by the app: metropolitan and overseas départements (not the other COM). */
function isPlaced(c: SourceCommune): boolean {
  const kind = c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal';
  return kind && c.zone !== 'com' && (c.codesPostaux?.length ?? 0) > 0;
}

function aliasesByCommune(source: SourceCommune[], routes: PostalRoute[]): Map<string, Set<string>> {
  const aliases = new Map<string, Set<string>>();
  const add = (insee: string, name: string): void => {
    const set = aliases.get(insee) ?? new Set<string>();
    set.add(placeKey(name));
    aliases.set(insee, set);
  };
  for (const c of source) if (c.chefLieu && c.type !== 'commune-actuelle') add(c.chefLieu, c.nom);
  for (const r of routes) add(r.codeCommune, r.libelleAcheminement);
  return aliases;
}

/**
 * Names of the communes a commune nouvelle absorbed, its own seat first (the town hall is
 * usually there); any of them lies inside the commune.
 */
function absorbedNames(source: SourceCommune[]): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const c of source) {
    if (!c.chefLieu || c.type === 'commune-actuelle') continue;
    const list = names.get(c.chefLieu) ?? [];
    if (c.code === c.chefLieu) list.unshift(c.nom);
    else list.push(c.nom);
    names.set(c.chefLieu, list);
  }
  return names;
}

/** The GeoNames point of a commune under its own name, else under an absorbed commune's. */
function findPoint(c: SourceCommune, absorbed: Map<string, string[]>, geo: Map<string, Point>): { point: Point; match: MatchKind } | null {
  const own = geo.get(`${c.departement}|${placeKey(c.nom)}`);
  if (own) return { point: own, match: 'exact' };
  for (const name of absorbed.get(c.code) ?? []) {
    const point = geo.get(`${c.departement}|${placeKey(name)}`);
    if (point) return { point, match: 'seat' };
  }
  return null;
}

function mean(points: Point[]): Point | null {
  if (points.length === 0) return null;
  const lat = points.reduce((s, p) => s + p.lat, 0) / points.length;
  const lon = points.reduce((s, p) => s + p.lon, 0) / points.length;
  return { lat, lon };
}

function groupPoints(communes: BuiltCommune[], keysOf: (c: BuiltCommune) => string[]): Map<string, Point> {
  const groups = new Map<string, Point[]>();
  for (const c of communes) {
    if (c.precision !== 'commune') continue;
    for (const k of keysOf(c)) groups.set(k, [...(groups.get(k) ?? []), { lat: c.lat, lon: c.lon }]);
  }
  return new Map([...groups].map(([k, pts]) => [k, mean(pts) as Point]));
}

export interface MatchResult {
  communes: BuiltCommune[];
  /** Mean of the exactly placed communes of each département: its fallback point. */
  departementCentres: Map<string, Point>;
}

export interface MatchInput {
  source: SourceCommune[];
  places: GeoNamesPlace[];
  routes: PostalRoute[];
  epciOf: Map<string, string>;
}

export function matchCommunes({ source, places, routes, epciOf }: MatchInput): MatchResult {
  const geo = indexGeoNames(places);
  const absorbed = absorbedNames(source);
  const aliases = aliasesByCommune(source, routes);
  const communes: BuiltCommune[] = source.filter(isPlaced).map((c) => {
    const found = findPoint(c, absorbed, geo);
    const own = placeKey(c.nom);
    return {
      insee: c.code,
      name: c.nom,
      postalCodes: c.codesPostaux ?? [],
      departement: c.departement,
      population: c.population ?? 0,
      lat: found?.point.lat ?? NaN,
      lon: found?.point.lon ?? NaN,
      precision: found ? 'commune' : 'departement',
      match: found?.match ?? 'departement',
      aliases: [...(aliases.get(c.code) ?? [])].filter((a) => a !== own && a !== ''),
    };
  });
  const byPostalCode = groupPoints(communes, (c) => c.postalCodes);
  const byEpci = groupPoints(communes, (c) => [epciOf.get(c.insee) ?? ''].filter(Boolean));
  const departementCentres = groupPoints(communes, (c) => [c.departement]);
  for (const c of communes) {
    if (c.precision === 'commune') continue;
    const viaPostal = mean(c.postalCodes.map((pc) => byPostalCode.get(pc)).filter((p): p is Point => p !== undefined));
    const viaEpci = byEpci.get(epciOf.get(c.insee) ?? '');
    if (viaPostal) place(c, viaPostal, 'postal_code');
    else if (viaEpci) place(c, viaEpci, 'epci');
    else place(c, departementCentres.get(c.departement), 'departement');
  }
  return { communes, departementCentres };
}

function place(c: BuiltCommune, point: Point | undefined, match: MatchKind): void {
  if (!point) throw new Error(`No point at all for commune ${c.insee} ${c.name} (département ${c.departement})`);
  c.lat = point.lat;
  c.lon = point.lon;
  c.match = match;
  c.precision = match === 'departement' ? 'departement' : 'postal_code';
}
