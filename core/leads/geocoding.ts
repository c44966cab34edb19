/**
 * A lead's place on the map from its postal code and city. Delegates to the offline geocoder
 * when it is available; until then (and for foreign addresses) only the département is known.
 */
import { departementOfPostalCode } from '../geo/departements';
import type { Precision } from '../geo/types';

export interface LeadGeo {
  lat: number | null;
  lon: number | null;
  geoPrecision: Precision | null;
  departement: string | null;
}

export type Geocoder = (query: { postalCode: string; city: string }) => LeadGeo | null;

let geocoder: Geocoder | null = null;

/** Installs the offline geocoder (done once at start-up by the module that owns the data). */
export function useGeocoder(g: Geocoder | null): void {
  geocoder = g;
}

const cache = new Map<string, LeadGeo>();

export function geocodeLead(postalCode: string, city: string, country = 'FR'): LeadGeo {
  if (country !== 'FR' || !postalCode) return { lat: null, lon: null, geoPrecision: null, departement: null };
  // Imports repeat the same few thousand places; the cache keeps 100k rows cheap.
  const key = `${postalCode}|${city}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const found = geocoder?.({ postalCode, city }) ?? null;
  const geo = found ?? { lat: null, lon: null, geoPrecision: null, departement: departementOfPostalCode(postalCode) };
  if (cache.size > 50_000) cache.clear();
  cache.set(key, geo);
  return geo;
}
