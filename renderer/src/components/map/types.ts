/** What the map component draws. Plain data: the Map view builds it from the stores. */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export interface MapMember {
  id: number;
  /** Shown on hover: the name with the town, as names need not be unique. */
  label: string;
  lat: number;
  lon: number;
  radiusKm: number;
  color: string;
  active: boolean;
}

export interface MapTerritory {
  id: number;
  memberId: number;
  name: string;
  color: string;
  /** At the coarsest level of detail; the map asks for finer ones through its `detail` prop. */
  geometry: Polygon | MultiPolygon | null;
  center: { lat: number; lon: number } | null;
  radiusKm: number | null;
  bbox: [minLon: number, minLat: number, maxLon: number, maxLat: number];
}

/** The shapes of some territories at a level of detail (see detail.ts). */
export type FetchDetail = (level: number, ids: number[]) => Promise<{ id: number; geometry: Polygon | MultiPolygon | null }[]>;

export interface MapSpot {
  lat: number;
  lon: number;
  label: string;
}

export interface Basemap {
  outline: FeatureCollection;
  departements: FeatureCollection;
  cities: { name: string; lat: number; lon: number; population: number }[];
}

export interface MapLayers {
  basemap: boolean;
  territories: boolean;
  radius: boolean;
  members: boolean;
  whiteZones: boolean;
  overlaps: boolean;
}

export interface Tiles {
  enabled: boolean;
  url: string;
  attribution: string;
}
