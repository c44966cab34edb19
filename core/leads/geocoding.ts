/**
 * A lead's place from its postal code, town and (when a file has one) département, through the
 * offline geocoder, with everything doubtful said out loud: a town without postal code is
 * placed by its name (within the département when known); several communes of that name leave
 * the lead waiting for a person to pick one; a postal code that is not the town's says which of
 * the two was used and why; an overseas, Monaco or foreign place is flagged as outside the
 * network's area (metropolitan France). A matched town takes its official spelling.
 * When the geography file cannot be read only the département is known, and the lead still goes
 * in: routing can work at département level.
 */
import { departementOfPostalCode } from '../geo/departements';
import { geocode, type GeocodeResult } from '../geo/geocoder';
import { mentionsCedex, placeKey, PLM_CITIES } from '../geo/names';
import { places } from '../geo/places';
import type { Precision } from '../geo/types';
import { tr } from '../language';
import type { CommuneChoice, LocationCheck } from './schema';

export interface LeadGeo {
  lat: number | null;
  lon: number | null;
  geoPrecision: Precision | null;
  departement: string | null;
}

export interface LeadPlace {
  geo: LeadGeo;
  /** The town as stored: its official spelling when a commune was matched by name, else as typed (never replaced by another town). */
  city: string;
  /** The postal code as stored: the commune's own when the lead had none and the commune has one. */
  postalCode: string;
  locationCheck: LocationCheck | null;
  warnings: string[];
}

export interface PlaceQuery {
  postalCode: string;
  city: string;
  country: string;
  /** Département read from its own column, or null. */
  departement: string | null;
}

const NO_GEO: LeadGeo = { lat: null, lon: null, geoPrecision: null, departement: null };
const MAX_LISTED = 8;

/** Postal codes of places outside metropolitan France that French files carry. */
const OUTSIDE: [RegExp, () => string][] = [
  [/^980/, () => tr('Monaco', 'Monaco')],
  [/^97[1-8]/, () => tr('overseas France', 'l’outre-mer')],
  [/^98[4-9]/, () => tr('an overseas territory', 'une collectivité d’outre-mer')],
];

function outsideArea(q: PlaceQuery): string | null {
  if (q.country !== 'FR' && q.country !== 'MC') {
    return tr(
      `Country ${q.country}: abroad, outside the network's area (metropolitan France); not placed on the map`,
      `Pays ${q.country} : à l’étranger, hors de la zone du réseau (France métropolitaine) ; non placé sur la carte`,
    );
  }
  const where = q.country === 'MC' ? tr('Monaco', 'Monaco') : OUTSIDE.find(([re]) => re.test(q.postalCode))?.[1]();
  if (!where) return null;
  return tr(
    `Postal code ${q.postalCode || '–'} is in ${where}, outside the network's area (metropolitan France)`,
    `Le code postal ${q.postalCode || '–'} est à ${where}, hors de la zone du réseau (France métropolitaine)`,
  );
}

function choice(c: { insee: string; name: string; postalCode: string; departement: string }): CommuneChoice {
  return { insee: c.insee, name: c.name, postalCode: c.postalCode, departement: c.departement };
}

function listed(choices: CommuneChoice[]): string {
  const shown = choices
    .slice(0, MAX_LISTED)
    .map((c) => `${c.name} (${c.postalCode || c.departement})`)
    .join(', ');
  return choices.length > MAX_LISTED ? `${shown}, …` : shown;
}

function geoOf(r: Extract<GeocodeResult, { found: true }>): LeadGeo {
  return { lat: r.point.lat, lon: r.point.lon, geoPrecision: r.precision, departement: r.departement };
}

/** Whether the commune answers to the typed town (official name or alias: "ST ETIENNE", "EVRY"). */
function answersTo(insee: string, cityKey: string): boolean {
  return (places().byKey.get(cityKey) ?? []).some((c) => c.insee === insee);
}

/** The official name, except for "Paris" typed for an arrondissement (the city's name is what people write). */
function officialName(commune: { name: string }, typed: string, cityKey: string): string {
  return Object.hasOwn(PLM_CITIES, cityKey) ? typed : commune.name;
}

function byTown(q: PlaceQuery, cityKey: string): LeadPlace {
  const r = geocode({ city: q.city, departement: q.departement ?? undefined });
  const within = q.departement ? tr(` in département ${q.departement}`, ` dans le département ${q.departement}`) : '';
  if (r.found && r.commune) {
    const only = places().byInsee.get(r.commune.insee)?.postalCodes;
    return { geo: geoOf(r), city: officialName(r.commune, q.city, cityKey), postalCode: only?.length === 1 ? only[0]! : '', locationCheck: null, warnings: [] };
  }
  const candidates = r.candidates.map(choice);
  // The town as given, no point: the lead waits at the head office for a person to place it.
  const held = (kind: 'ambiguous_town' | 'unknown_town', warning: string): LeadPlace => ({
    geo: { ...NO_GEO, departement: q.departement },
    city: q.city,
    postalCode: '',
    locationCheck: { kind, town: q.city, candidates },
    warnings: [warning],
  });
  if (!r.found && r.reason === 'ambiguous') {
    return held(
      'ambiguous_town',
      tr(
        `No postal code, and "${q.city}" names ${candidates.length} communes${within}: ${listed(candidates)}. The lead waits for you to pick one`,
        `Pas de code postal, et « ${q.city} » désigne ${candidates.length} communes${within} : ${listed(candidates)}. Le lead attend que vous en choisissiez une`,
      ),
    );
  }
  const suggestions = candidates.length ? tr(` (close names: ${listed(candidates)})`, ` (noms proches : ${listed(candidates)})`) : '';
  return held(
    'unknown_town',
    tr(
      `No postal code, and no commune is named "${q.city}"${within}${suggestions}. The lead waits for you to give its place`,
      `Pas de code postal, et aucune commune ne s’appelle « ${q.city} »${within}${suggestions}. Le lead attend que vous indiquiez sa commune`,
    ),
  );
}

function byPostalCode(q: PlaceQuery, cityKey: string): LeadPlace {
  const r = geocode({ postalCode: q.postalCode, city: q.city });
  // The postal code as given, placed at `geo`; the town as given unless the official name is known.
  const placed = (geo: LeadGeo, city: string, ...warnings: string[]): LeadPlace => ({ geo, city, postalCode: q.postalCode, locationCheck: null, warnings });
  if (!r.found) {
    return placed(
      { ...NO_GEO, departement: departementOfPostalCode(q.postalCode) },
      q.city,
      tr(`Postal code ${q.postalCode} matches no commune; the lead is not placed on the map`, `Le code postal ${q.postalCode} ne correspond à aucune commune ; le lead n’est pas placé sur la carte`),
    );
  }
  const geo = geoOf(r);
  const commune = r.commune;
  const codeCommunes = r.candidates.filter((c) => c.postalCode === q.postalCode);
  if (!commune) {
    // A postal code shared by several communes, none of them the typed town: its centre.
    const warnings = cityKey
      ? [
          tr(
            `"${q.city}" is not one of the communes of postal code ${q.postalCode} (${listed(codeCommunes.map(choice))}); the postal code was used, placed at its centre`,
            `« ${q.city} » n’est pas une des communes du code postal ${q.postalCode} (${listed(codeCommunes.map(choice))}) ; le code postal a été retenu, placé en son centre`,
          ),
        ]
      : [];
    return placed(geo, q.city, ...warnings);
  }
  if (r.precision === 'departement' && !answersTo(commune.insee, cityKey)) {
    return placed(
      geo,
      q.city,
      tr(
        `Postal code ${q.postalCode} matches no commune; only its département (${r.departement}) is known`,
        `Le code postal ${q.postalCode} ne correspond à aucune commune ; seul son département (${r.departement}) est connu`,
      ),
    );
  }
  const codeMatches = places().byInsee.get(commune.insee)?.postalCodes.includes(q.postalCode) ?? false;
  const nameMatches = !cityKey || answersTo(commune.insee, cityKey);
  // A CEDEX code is a business code of the town's post office, not a commune's: nothing to say.
  if (nameMatches || (mentionsCedex(q.city) && r.departement === departementOfPostalCode(q.postalCode))) {
    const city = cityKey ? officialName(commune, q.city, cityKey) : q.city;
    if (codeMatches || !cityKey || mentionsCedex(q.city)) return placed(geo, city);
    // The code names no commune of that name but the town exists in the code's département (a CEDEX or a typo in the code).
    return placed(
      geo,
      city,
      tr(
        `Postal code ${q.postalCode} is not that of ${commune.name} (${commune.postalCode}); the town was used, as it lies in the postal code's département`,
        `Le code postal ${q.postalCode} n’est pas celui de ${commune.name} (${commune.postalCode}) ; la commune a été retenue, car elle est dans le département du code postal`,
      ),
    );
  }
  const named = places().byKey.get(cityKey) ?? [];
  // "Lyon" is the city, not its nine arrondissements: the communes of that very name first.
  const exact = named.filter((c) => placeKey(c.name) === cityKey);
  const elsewhere = (exact.length ? exact : named).map((c) => choice({ ...c, postalCode: c.postalCodes[0] ?? '' }));
  const why = elsewhere.length
    ? tr(`"${q.city}" is elsewhere: ${listed(elsewhere)}`, `« ${q.city} » est ailleurs : ${listed(elsewhere)}`)
    : tr(`no commune is named "${q.city}"`, `aucune commune ne s’appelle « ${q.city} »`);
  return placed(
    geo,
    q.city,
    tr(
      `Postal code ${q.postalCode} is not that of "${q.city}": the postal code was used (${commune.name}), as ${why}`,
      `Le code postal ${q.postalCode} n’est pas celui de « ${q.city} » : le code postal a été retenu (${commune.name}), car ${why}`,
    ),
  );
}

const cache = new Map<string, LeadPlace>();

/** The lead's place; repeated places (imports repeat a few thousand) are read from a cache. */
export function locateLead(q: PlaceQuery): LeadPlace {
  const key = `${q.country}|${q.postalCode}|${q.city}|${q.departement ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const place = locateUncached(q);
  if (cache.size > 50_000) cache.clear();
  cache.set(key, place);
  return place;
}

function locateUncached(q: PlaceQuery): LeadPlace {
  const outside = outsideArea(q);
  const base = { city: q.city, postalCode: q.postalCode, locationCheck: null };
  if (q.country !== 'FR') return { ...base, geo: NO_GEO, warnings: outside ? [outside] : [] };
  const cityKey = placeKey(q.city);
  if (!q.postalCode && !cityKey) return { ...base, geo: { ...NO_GEO, departement: q.departement }, locationCheck: { kind: 'no_location' }, warnings: [] };
  let place: LeadPlace;
  try {
    place = q.postalCode ? byPostalCode(q, cityKey) : byTown(q, cityKey);
  } catch {
    // No geography file (a stripped build): the département of the postal code, as typed.
    place = { ...base, geo: { ...NO_GEO, departement: departementOfPostalCode(q.postalCode) ?? q.departement }, warnings: [] };
  }
  // Outside the area, that a code matches no commune of the geography file goes without saying.
  return outside ? { ...place, warnings: [outside, ...place.warnings.filter(() => place.geo.lat !== null)] } : place;
}
