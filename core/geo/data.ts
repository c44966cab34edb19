/**
 * The built geography files in resources/geo/ and how to find them. They are gzipped JSON
 * written by core/geo/build (npm run build:geo); rows are arrays rather than objects because
 * 35,000 repeated key names would double the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Commune, Precision } from './types';

export const COMMUNES_FILE = 'communes.json.gz';
export const BASEMAP_FILE = 'basemap.json.gz';

/** [insee, name, "postal codes space-separated", département, population, lat, lon, precision, "alias keys|..."] */
export type CommuneRow = [string, string, string, string, number, number, number, Precision, string];

export interface CommunesFile {
  version: 1;
  sources: string;
  communes: CommuneRow[];
  /** Département code -> [name, lat, lon]: the mean of its exactly placed communes. */
  departements: Record<string, [string, number, number]>;
}

export interface PlaceRecord extends Commune {
  /** Alternative keys (placeKey) this commune answers to. */
  aliases: string[];
}

export function decodeCommune(row: CommuneRow): PlaceRecord {
  const [insee, name, postalCodes, departement, population, lat, lon, precision, aliases] = row;
  return {
    insee,
    name,
    postalCodes: postalCodes.split(' '),
    departement,
    population,
    lat,
    lon,
    precision,
    aliases: aliases ? aliases.split('|') : [],
  };
}

export function encodeCommune(c: PlaceRecord): CommuneRow {
  const round = (x: number): number => Math.round(x * 1e4) / 1e4; // ~10 m, plenty for a commune
  return [c.insee, c.name, c.postalCodes.join(' '), c.departement, c.population, round(c.lat), round(c.lon), c.precision, c.aliases.join('|')];
}

/** Where this module runs from: the source file, or out/main/index.js once bundled. */
function moduleDir(): string {
  return import.meta.dirname ?? dirname(fileURLToPath(import.meta.url));
}

/**
 * The folder holding geo/: $AIGUILLAGE_RESOURCES, else the packaged app's resources, else the
 * first ancestor of this module (or of the working directory) that has resources/geo.
 */
export function resourcesDir(): string {
  const fromEnv = process.env.AIGUILLAGE_RESOURCES;
  if (fromEnv) return fromEnv;
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'resources', 'geo'))) return join(packaged, 'resources');
  for (const start of [moduleDir(), process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'resources', 'geo', COMMUNES_FILE))) return join(dir, 'resources');
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('resources/geo not found: run `npm run build:geo` or set AIGUILLAGE_RESOURCES');
}

export function readGeoFile<T>(file: string): T {
  return JSON.parse(gunzipSync(readFileSync(join(resourcesDir(), 'geo', file))).toString('utf8')) as T;
}
