/**
 * The offline basemap: France's outline, approximate département shapes and the main cities.
 * No package ships département polygons in lon/lat, so they are grown from the commune points:
 * each point's Voronoi cell, dissolved per département and clipped to the outline. Borders
 * are therefore off by up to a commune's width, which is fine for a background and a choropleth.
 */
import * as turf from '@turf/turf';
import { Delaunay } from 'd3-delaunay';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { DEPARTEMENTS } from '../departements';
import type { Basemap } from '../types';
import { isArrondissement } from './coverage';
import type { BuiltCommune } from './match';

/** Degrees; ~1 km for the coast, ~2 km for the derived borders (they are not better than that). */
const OUTLINE_TOLERANCE = 0.01;
const DEPARTEMENT_TOLERANCE = 0.02;
const MAJOR_CITIES = 150;

type Area = Feature<Polygon | MultiPolygon>;

function roundPositions(feature: Area): Area {
  return turf.truncate(feature, { precision: 3, mutate: true }) as Area;
}

/** Mainland and Corsica as one (multi)polygon, simplified. */
function buildOutline(source: FeatureCollection<Polygon>): Area {
  const merged = turf.union(source as FeatureCollection<Polygon>) as Area;
  return roundPositions(turf.simplify(merged, { tolerance: OUTLINE_TOLERANCE, highQuality: true }));
}

/** One site per distinct point of metropolitan France, with its département. */
function sites(communes: BuiltCommune[]): { points: [number, number][]; departements: string[] } {
  const seen = new Set<string>();
  const points: [number, number][] = [];
  const departements: string[] = [];
  for (const c of communes) {
    if (c.departement.startsWith('97') || c.precision !== 'commune' || isArrondissement(c.insee)) continue;
    const key = `${c.lon},${c.lat}`;
    if (seen.has(key)) continue;
    seen.add(key);
    points.push([c.lon, c.lat]);
    departements.push(c.departement);
  }
  return { points, departements };
}

function voronoiCellsByDepartement(communes: BuiltCommune[], bbox: number[]): Map<string, Feature<Polygon>[]> {
  const { points, departements } = sites(communes);
  const [minX = 0, minY = 0, maxX = 0, maxY = 0] = bbox;
  const voronoi = Delaunay.from(points).voronoi([minX - 0.5, minY - 0.5, maxX + 0.5, maxY + 0.5]);
  const cells = new Map<string, Feature<Polygon>[]>();
  for (let i = 0; i < points.length; i++) {
    const ring = voronoi.cellPolygon(i) as Position[] | null;
    const dep = departements[i];
    if (!ring || !dep) continue;
    cells.set(dep, [...(cells.get(dep) ?? []), turf.polygon([ring])]);
  }
  return cells;
}

function departementShape(code: string, cells: Feature<Polygon>[], outline: Area): Basemap['departements']['features'][number] | null {
  const dissolved = cells.length === 1 ? cells[0] : turf.union(turf.featureCollection(cells));
  if (!dissolved) return null;
  const clipped = turf.intersect(turf.featureCollection([dissolved as Area, outline]));
  if (!clipped) return null;
  const shape = roundPositions(turf.simplify(clipped, { tolerance: DEPARTEMENT_TOLERANCE, highQuality: true }));
  const centre = turf.centerOfMass(shape);
  const label = turf.booleanPointInPolygon(centre, shape) ? centre : turf.pointOnFeature(shape);
  const [lon = 0, lat = 0] = label.geometry.coordinates;
  return {
    type: 'Feature',
    geometry: shape.geometry,
    properties: { code, name: DEPARTEMENTS[code] ?? code, label: [Math.round(lon * 1e3) / 1e3, Math.round(lat * 1e3) / 1e3] },
  };
}

function majorCities(communes: BuiltCommune[]): Basemap['cities'] {
  return communes
    .filter((c) => !isArrondissement(c.insee))
    .sort((a, b) => b.population - a.population)
    .slice(0, MAJOR_CITIES)
    .map((c) => ({ insee: c.insee, name: c.name, lat: c.lat, lon: c.lon, population: c.population }));
}

export function buildBasemap(source: FeatureCollection<Polygon>, communes: BuiltCommune[]): Basemap {
  const outline = buildOutline(source);
  const cells = voronoiCellsByDepartement(communes, turf.bbox(outline));
  const features = [...cells]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, depCells]) => departementShape(code, depCells, outline))
    .filter((f): f is NonNullable<typeof f> => f !== null);
  return {
    metadata: {
      note: 'Département borders are approximate: Voronoi cells of commune points, clipped to the coast and dissolved per département. Not official boundaries.',
      sources: 'Outline: world-geojson (mainland France, Corsica). Communes: INSEE COG, GeoNames.',
    },
    outline: turf.featureCollection([outline]),
    departements: turf.featureCollection(features),
    cities: majorCities(communes),
  };
}
