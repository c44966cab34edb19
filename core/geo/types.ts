/** Shared geographic types. Coordinates are WGS84; GeoJSON order is [lon, lat]. */

export interface Point {
  lat: number;
  lon: number;
}

/**
 * How exact a geocoded point is: the commune's own coordinates, a point derived for the
 * postal code (e.g. the mean of its communes), or only the département's centre.
 */
export type Precision = 'commune' | 'postal_code' | 'departement';

export interface Commune {
  /** INSEE code, e.g. "75056" (Paris) or "75111" (Paris 11e arrondissement). */
  insee: string;
  name: string;
  postalCodes: string[];
  departement: string;
  population: number;
  lat: number;
  lon: number;
  /** 'commune' when the coordinate source had this commune, else how its point was derived. */
  precision: Precision;
}

/**
 * The built-in offline basemap (resources/geo/basemap.json.gz): coast and land border,
 * approximate département shapes and the main cities. GeoJSON coordinates are [lon, lat].
 */
export interface Basemap {
  metadata: {
    /** Shown in the UI: the département shapes are derived, not official boundaries. */
    note: string;
    sources: string;
  };
  outline: import('geojson').FeatureCollection<import('geojson').Polygon | import('geojson').MultiPolygon>;
  departements: import('geojson').FeatureCollection<import('geojson').Polygon | import('geojson').MultiPolygon, { code: string; name: string; label: [number, number] }>;
  cities: { insee: string; name: string; lat: number; lon: number; population: number }[];
}
