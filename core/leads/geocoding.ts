/**
 * A lead's place on the map from its postal code and city, through the offline geocoder.
 * When the geography file cannot be read (or for foreign addresses) only the département is
 * known, and the lead still goes in: routing can work at département level.
 */
import { departementOfPostalCode } from '../geo/departements';
import { geocode } from '../geo/geocoder';
import type { Precision } from '../geo/types';

export interface LeadGeo {
  lat: number | null;
  lon: number | null;
  geoPrecision: Precision | null;
  departement: string | null;
}

export type Geocoder = (query: { postalCode: string; city: string }) => LeadGeo | null;

const offline: Geocoder = (query) => {
  const r = geocode(query);
  return r.found ? { lat: r.point.lat, lon: r.point.lon, geoPrecision: r.precision, departement: r.departement } : null;
};

let geocoder: Geocoder | null = offline;

/** Replaces the geocoder (tests, benches comparing with and without it); null: département only. */
export function useGeocoder(g: Geocoder | null): void {
  geocoder = g;
  cache.clear();
}

const cache = new Map<string, LeadGeo>();

export function geocodeLead(postalCode: string, city: string, country = 'FR'): LeadGeo {
  if (country !== 'FR' || !postalCode) return { lat: null, lon: null, geoPrecision: null, departement: null };
  // Imports repeat the same few thousand places; the cache keeps 100k rows cheap.
  const key = `${postalCode}|${city}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let found: LeadGeo | null = null;
  try {
    found = geocoder?.({ postalCode, city }) ?? null;
  } catch {
    // No geography file (a stripped build): fall back to the département below.
  }
  const geo = found ?? { lat: null, lon: null, geoPrecision: null, departement: departementOfPostalCode(postalCode) };
  if (cache.size > 50_000) cache.clear();
  cache.set(key, geo);
  return geo;
}
